import Foundation
import Model
import Testing
import TestSupport

/// The web dashboard in a real headless Chromium against a live server: sign in with the API key,
/// see an inline SQL error at its line and column, create a job through the form, watch it RUN, and
/// check the job graph (SVG) and charts (canvas) are drawn and the log tails. Saves a screenshot.
/// Chromium is required (`.ci/run` installs Debian's `chromium`): without it the test fails.
@Suite(.serialized) struct DashboardBrowserTests {
    static let jobSQL = """
        CREATE TABLE ui_src (id BIGINT, name STRING) WITH ('connector' = 'kafka', 'topic' = 'ui_src', 'format' = 'json');
        CREATE TABLE ui_out (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
        INSERT INTO ui_out SELECT id, UPPER(name) FROM ui_src;
        """

    /// A JavaScript string literal.
    static func js(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test(.timeLimit(.minutes(5))) func createJobThroughTheFormAndWatchItRun() throws {
        guard let chromium = DevToolsSession.binary() else {
            Issue.record("chromium is not installed (apt-get install -y chromium, or set FLINKCLOUD_CHROMIUM): the dashboard browser test cannot run")
            return
        }
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let browser = try DevToolsSession(binary: chromium)
        try browser.call("Page.enable")
        try browser.call("Page.navigate", "{\"url\":\(Self.js(server.baseURL + "/"))}")

        // Sign in: the key goes to sessionStorage, never into the URL.
        try browser.waitUntil("!!document.getElementById('login') && !document.getElementById('login').hidden")
        _ = try browser.evaluate("""
            document.getElementById('login-key').value = \(Self.js(server.apiKey));
            document.getElementById('login-secret').value = \(Self.js(server.apiSecret));
            document.getElementById('login-form').requestSubmit(); true
            """)
        try browser.waitUntil("document.querySelector('main h1') && document.querySelector('main h1').textContent.includes('Environments')",
                              describe: "document.body.innerText")
        #expect(try browser.evaluate("sessionStorage.getItem('flinkcloud.auth') !== null").boolValue == true)
        #expect(try browser.evaluate("location.href.includes(\(Self.js(server.apiSecret)))").boolValue == false)
        #expect(try browser.evaluate("document.querySelectorAll('table.pools .bar').length > 0").boolValue == true, "pools with CFU bars")

        // The form: an invalid script shows its error inline at line and column.
        _ = try browser.evaluate("location.hash = '#/new'; true")
        try browser.waitUntil("!!document.getElementById('f-sql') && document.getElementById('f-pool').options.length > 0")
        _ = try browser.evaluate("""
            document.getElementById('f-name').value = 'ui-job';
            document.getElementById('f-sql').value = 'CREATE TABLE t (id BIGINT) WITH (\\'connector\\' = \\'blackhole\\');\\nINSERT INTO t SELEC id FROM t;';
            document.getElementById('f-parallelism').value = '2';
            document.getElementById('job-form').requestSubmit(); true
            """)
        try browser.waitUntil("!!document.getElementById('sql-error-box')", describe: "document.getElementById('job-form').innerText")
        let line = try browser.evaluate("document.getElementById('sql-error-box').dataset.line")
        #expect(line.stringValue == "2", "error placed at line 2: \(line)")
        #expect(try browser.evaluate("document.getElementById('sql-error-box').textContent").stringValue?.contains("^") == true)

        // A valid script: created, then RUNNING on the job page.
        _ = try browser.evaluate("""
            document.getElementById('f-sql').value = \(Self.js(Self.jobSQL));
            document.getElementById('f-interval').value = '10000';
            document.getElementById('job-form').requestSubmit(); true
            """)
        try browser.waitUntil("location.hash.includes('/job/')", describe: "document.getElementById('main').innerText")
        try browser.waitUntil("document.getElementById('job-status') && document.getElementById('job-status').textContent === 'RUNNING'",
                              seconds: 60, describe: "document.getElementById('main').innerText")

        // Feed the source so throughput is non-zero.
        let http = server.client()
        let cluster = try server.defaultKafkaCluster()
        for i in 0..<50 {
            let r = try http.send("POST", "/kafka/v3/clusters/\(cluster)/topics/ui_src/records",
                                  json: #"{"value":{"type":"JSON","data":{"id":\#(i),"name":"n\#(i)"}}}"#)
            #expect(r.status == 200, "\(r.text)")
        }

        // The graph is drawn as SVG with one node per operator and edges between them.
        try browser.waitUntil("document.querySelectorAll('svg.graph g.node').length >= 2", seconds: 30,
                              describe: "document.getElementById('graph').innerHTML")
        #expect(try browser.evaluate("document.querySelectorAll('svg.graph path.edge').length >= 1").boolValue == true)
        // Charts are drawn from the sampled series (one point every 5 s) with pixels on the canvas.
        try browser.waitUntil("Number(document.getElementById('c-throughput').dataset.points || 0) >= 2", seconds: 40)
        let painted = try browser.evaluate("""
            (() => { const c = document.getElementById('c-throughput'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                     let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()
            """)
        #expect((painted.intValue ?? 0) > 100, "throughput chart has pixels: \(painted)")
        for id in ["c-latency", "c-lag", "c-checkpoint"] {
            #expect(try browser.evaluate("document.getElementById('\(id)').dataset.points !== undefined").boolValue == true, "\(id) drawn")
        }
        // Records reached the sink and the log tail shows the lifecycle.
        try browser.waitUntil("document.getElementById('kpis').innerText.includes('records out')")
        try browser.waitUntil("document.querySelectorAll('#log span').length > 0", describe: "document.getElementById('log').innerText")
        #expect(try browser.evaluate("document.getElementById('versions').innerText.includes('v1')").boolValue == true)

        let png = try browser.screenshot()
        let dir = ProcessInfo.processInfo.environment["FLINKCLOUD_TEST_ARTIFACTS"] ?? NSTemporaryDirectory()
        let path = (dir as NSString).appendingPathComponent("flinkcloud-dashboard-job.png")
        try png.write(to: URL(fileURLWithPath: path))
        print("dashboard screenshot: \(path) (\(png.count) bytes)")
        #expect(png.count > 10_000)
    }
}
