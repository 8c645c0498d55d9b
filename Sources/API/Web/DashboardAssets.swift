import HTTP

/// The web dashboard's static files, compiled into the binary (no resources bundle, no CDN, no build
/// step). Served without auth; the page asks for the API key once, keeps it in `sessionStorage`, and
/// sends it as Basic auth on its data calls.
enum DashboardAssets {
    enum Asset { case html, script, style }

    static func response(_ asset: Asset) -> HTTPResponse {
        var headers = HTTPHeaders()
        let body: String
        switch asset {
        case .html:
            headers.set("Content-Type", "text/html; charset=utf-8")
            body = DashboardPage.html
        case .script:
            headers.set("Content-Type", "text/javascript; charset=utf-8")
            body = DashboardScript.source
        case .style:
            headers.set("Content-Type", "text/css; charset=utf-8")
            body = DashboardStyle.css
        }
        headers.set("Cache-Control", "no-cache")
        headers.set("X-Content-Type-Options", "nosniff")
        headers.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
        return HTTPResponse(status: 200, headers: headers, body: Array(body.utf8))
    }
}
