// A tiny server for wrk: `HTTPBench [port]` answers every request with `ok`.
import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

struct Tiny: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/slow" { sleep(1) }
        var h = HTTPHeaders()
        h.add("Content-Type", "text/plain")
        return HTTPResponse(status: .ok, headers: h, body: .bytes([111, 107]))
    }
}

var config = HTTPServerConfiguration()
config.port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8080 : 8080
if CommandLine.arguments.count > 2 { config.workerThreads = Int(CommandLine.arguments[2]) ?? 0 }
if CommandLine.arguments.count > 3 { config.eventLoopThreads = Int(CommandLine.arguments[3]) ?? 0 }
if CommandLine.arguments.contains("--log") {
    config.accessLog = { e in print(e.method, e.path, e.status, e.bytes, "\(Int(e.milliseconds * 1000))us", e.remoteAddress) }
}
let server = HTTPServer(configuration: config, handler: Tiny())
try server.runUntilTerminated()
print("stopped")
