import Testing
import Synchronization
import Model
@testable import CLI

@Suite struct WaiterTests {
    final class Phases: Sendable {
        let list: Mutex<[String]>
        init(_ l: [String]) { list = Mutex(l) }
        func next() -> JSONValue {
            let p = list.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
            return .object(JSONObject([("status", .object(JSONObject([("phase", .string(p)), ("detail", .string("boom"))])))]))
        }
    }

    func wait(_ phases: [String], tty: Bool, timeout: Double = 5) -> (Result<JSONValue, any Error>, String) {
        let (terminal, captured) = Terminal.capturing(isTTY: tty)
        let source = Phases(phases)
        let waiter = Waiter(terminal: terminal, showProgress: tty, timeoutSeconds: timeout)
        let result = Result {
            try waiter.wait(for: "job \"j\"", target: "RUNNING", fetch: { source.next() },
                            phase: { JobCommands.phase($0) }) { v in
                switch v.at("status/phase")?.stringValue {
                case "RUNNING": .done
                case "FAILED": .failed(v.at("status/detail")?.stringValue ?? "")
                default: .waiting
                }
            }
        }
        return (result, captured.out)
    }

    @Test func progressOnlyOnATerminal() throws {
        let (r, out) = wait(["PENDING", "PENDING", "RUNNING"], tty: true)
        #expect(try r.get().at("status/phase") == .string("RUNNING"))
        #expect(out.contains("Waiting for job \"j\" to be RUNNING: PENDING"))
        #expect(out.hasSuffix("\r\u{1B}[K"), "the progress line is cleared at the end")
        let (r2, quiet) = wait(["PENDING", "RUNNING"], tty: false)
        #expect((try? r2.get()) != nil)
        #expect(quiet.isEmpty)
    }

    @Test func failureCarriesTheDetailAndTimeoutsSayWhere() {
        let (failed, _) = wait(["PENDING", "FAILED"], tty: false)
        #expect(throws: CLIFailure("job \"j\" is FAILED: boom")) { try failed.get() }
        let (late, _) = wait(["PENDING"], tty: false, timeout: 0.3)
        #expect(throws: CLIFailure.self) { try late.get() }
        if case .failure(let e as CLIFailure) = late {
            #expect(e.message == "timed out after 300ms waiting for job \"j\" to be RUNNING; it is PENDING")
        }
    }
}
