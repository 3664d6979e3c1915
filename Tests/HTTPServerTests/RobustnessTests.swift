import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

@Suite struct RobustnessTests {
    @Test func acceptErrorsBackOffAndTheServerGoesOn() throws {
        let handler = TestHandler()
        var config = HTTPServerConfiguration()
        config.port = 0
        config.eventLoopThreads = 1
        let server = HTTPServer(configuration: config, handler: handler)
        let failures = Box(0)
        // The first five accepts fail as if the process were out of descriptors.
        server.acceptFault = { failures.with { n in n += 1; return n <= 5 ? EMFILE : 0 } }
        try server.start()
        defer { server.stop() }
        let start = Date()
        let c = try #require(RawClient(port: server.port))
        c.send("GET /after-emfile HTTP/1.1\r\nHost: t\r\n\r\n")
        let r = try #require(c.readResponse(timeout: 5))
        #expect(r.text == "GET /after-emfile q=- body=")
        let waited = Date().timeIntervalSince(start)
        #expect(failures.get > 5)
        #expect(waited > 0.4, "backed off \(waited) s") // five 100 ms pauses
        #expect(serverStillServes(server))
    }

    @Test func slowHandlersDoNotBlockOtherRequests() throws {
        try withServer({ $0.workerThreads = 2 }) { server, _, _ in
            let slow = try #require(RawClient(port: server.port))
            slow.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
            usleep(50_000)
            let start = Date()
            #expect(serverStillServes(server))
            #expect(Date().timeIntervalSince(start) < 0.4)
            #expect(slow.readResponse()?.text == "slow done")
        }
    }

    @Test func idleAndSlowClientsHoldNoWorker() throws {
        // One worker; twenty clients that send half a head or half a body, or nothing at all.
        try withServer({ $0.workerThreads = 1; $0.headerTimeout = 5; $0.bodyTimeout = 5; $0.idleTimeout = 5 }) { server, _, _ in
            var held: [RawClient] = []
            for i in 0..<20 {
                let c = try #require(RawClient(port: server.port))
                switch i % 3 {
                case 0: c.send("GET / HTTP/1.1\r\nHost:")
                case 1: c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nab")
                default: break
                }
                held.append(c)
            }
            usleep(50_000)
            let start = Date()
            #expect(serverStillServes(server))
            #expect(Date().timeIntervalSince(start) < 0.3)
        }
    }

    @Test func clientThatStopsReadingDoesNotStallOthers() throws {
        try withServer({ $0.bodyTimeout = 1 }) { server, _, _ in
            // Pipeline many 3 MB file responses and never read them.
            let hog = try #require(RawClient(port: server.port))
            var reqs = ""
            for _ in 0..<8 { reqs += "GET /file HTTP/1.1\r\nHost: t\r\n\r\n" }
            hog.send(reqs)
            usleep(100_000)
            let start = Date()
            #expect(serverStillServes(server))
            #expect(Date().timeIntervalSince(start) < 0.5)
            // The stalled writer is cut off after the write timeout.
            usleep(1_300_000)
            #expect(server.openConnections <= 1)
        }
    }

}

/// SIGTERM drains every server inside runUntilTerminated(), so these two must not overlap.
@Suite(.serialized) struct SignalTests {
    @Test func runUntilTerminatedDrainsOnSIGTERM() throws {
        let handler = TestHandler()
        var config = HTTPServerConfiguration()
        config.port = 0
        let server = HTTPServer(configuration: config, handler: handler)
        let returned = Box(false)
        let t = Thread {
            try? server.runUntilTerminated()
            returned.with { $0 = true }
        }
        t.start()
        // The handler is installed before start(), and port turns non-zero only after start().
        for _ in 0..<200 where server.port == 0 { usleep(10_000) }
        try #require(server.port != 0)
        let c = try #require(RawClient(port: server.port))
        c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(100_000)
        kill(getpid(), SIGTERM)
        let r = c.readResponse(timeout: 5)
        #expect(r?.text == "slow done") // the in-flight request completes
        #expect(r?.header("Connection") == "close")
        for _ in 0..<200 where !returned.get { usleep(10_000) }
        #expect(returned.get)
        #expect(RawClient(port: server.port) == nil)
    }

    @Test func runUntilTerminatedReturnsAfterStop() throws {
        let handler = TestHandler()
        var config = HTTPServerConfiguration()
        config.port = 0
        let server = HTTPServer(configuration: config, handler: handler)
        let returned = Box(false)
        let t = Thread {
            try? server.runUntilTerminated()
            returned.with { $0 = true }
        }
        t.start()
        for _ in 0..<200 where server.port == 0 { usleep(10_000) }
        #expect(serverStillServes(server))
        server.stop()
        for _ in 0..<200 where !returned.get { usleep(10_000) }
        #expect(returned.get)
    }
}

@Suite struct LifecycleTests {
    @Test func secondServerOnTheSamePortFailsToBind() throws {
        try withServer { server, handler, _ in
            var config = HTTPServerConfiguration()
            config.port = server.port
            let other = HTTPServer(configuration: config, handler: handler)
            #expect(throws: HTTPServerError.self) { try other.start() }
            other.stop() // never started: returns at once
            #expect(serverStillServes(server))
        }
    }

    @Test func portIsTheBoundOneAndStopIsIdempotent() throws {
        var config = HTTPServerConfiguration()
        config.port = 0
        let server = HTTPServer(configuration: config, handler: TestHandler())
        try server.start()
        #expect(server.port > 0)
        #expect(serverStillServes(server))
        server.stop()
        server.stop()
        server.wait()
    }

    @Test func drainTimeoutCutsOffSlowHandlersAndLateWorkersAreHarmless() throws {
        var config = HTTPServerConfiguration()
        config.port = 0
        config.drainTimeout = 0.2
        var server: HTTPServer? = HTTPServer(configuration: config, handler: TestHandler())
        try server!.start()
        let c = try #require(RawClient(port: server!.port))
        c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(100_000)
        let start = Date()
        server!.stop()
        let took = Date().timeIntervalSince(start)
        #expect(took >= 0.15 && took < 0.5, "stop took \(took) s")
        #expect(c.closesSilently(timeout: 1))
        server = nil
        usleep(700_000) // the handler finishes after the server is gone
    }

    @Test func silentFreshConnectionIsClosedWithout408() throws {
        try withServer({ $0.headerTimeout = 0.3 }) { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            #expect(c.closesSilently(timeout: 3))
        }
    }
}
