// A tiny server for wrk: `HTTPBench [port]` answers every request with `ok`.
import HTTPServer

struct Tiny: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var h = HTTPHeaders()
        h.add("Content-Type", "text/plain")
        return HTTPResponse(status: .ok, headers: h, body: .bytes([111, 107]))
    }
}

var config = HTTPServerConfiguration()
config.port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8080 : 8080
if CommandLine.arguments.count > 2 { config.workerThreads = Int(CommandLine.arguments[2]) ?? 0 }
if CommandLine.arguments.count > 3 { config.eventLoopThreads = Int(CommandLine.arguments[3]) ?? 0 }
let server = HTTPServer(configuration: config, handler: Tiny())
try server.runUntilTerminated()
print("stopped")
