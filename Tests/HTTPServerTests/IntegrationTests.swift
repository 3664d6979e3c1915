import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

@Suite struct IntegrationTests {
    @Test func keepAliveReusesTheConnection() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            for i in 0..<3 {
                c.send("GET /k\(i)?x=\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let r = try #require(c.readResponse())
                #expect(r.status == 200)
                #expect(r.text == "GET /k\(i) q=x=\(i) body=")
                #expect(r.header("Connection") == "keep-alive")
                #expect(r.header("Content-Length") == "\(r.body.count)")
                let date = try #require(r.header("Date"))
                #expect(date.count == 29 && date.hasSuffix(" GMT"))
            }
            #expect(server.openConnections == 1)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nPOST /2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /5 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(c.readResponse()?.text == "GET /1 q=- body=")
            #expect(c.readResponse()?.text == "POST /2 q=- body=abc")
            #expect(c.readResponse()?.text == "GET /3 q=- body=")
            #expect(c.readResponse()?.text == "slow done")
            let last = try #require(c.readResponse())
            #expect(last.text == "GET /5 q=- body=")
            #expect(last.header("Connection") == "close")
            #expect(c.closesSilently())
        }
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() throws {
        try withServer({ $0.idleTimeout = 0.3 }) { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(c.readResponse()?.status == 200)
            let start = Date()
            #expect(c.closesSilently(timeout: 3))
            let waited = Date().timeIntervalSince(start)
            #expect(waited > 0.2 && waited < 1.5, "closed after \(waited) s")
        }
    }

    @Test func slowHeadersGet408() throws {
        try withServer({ $0.headerTimeout = 0.3 }) { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET / HTTP/1.1\r\nHost: t\r\n")
            let r = try #require(c.readResponse(timeout: 3))
            #expect(r.status == 408)
            #expect(r.header("Connection") == "close")
            #expect(c.closesSilently())
            #expect(serverStillServes(server))
        }
    }

    @Test func slowBodyGets408() throws {
        try withServer({ $0.bodyTimeout = 0.3 }) { server, _, log in
            let c = try #require(RawClient(port: server.port))
            c.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let r = try #require(c.readResponse(timeout: 3))
            #expect(r.status == 408)
            #expect(c.closesSilently())
            #expect(serverStillServes(server))
            #expect(log.get.contains { $0.status == 408 && $0.path == "/x" && $0.method == "POST" })
        }
    }

    @Test func bodyOverTheLimitGets413() throws {
        try withServer { server, _, _ in
            // Without Expect: decided from Content-Length, before any body byte is sent.
            let c = try #require(RawClient(port: server.port))
            c.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n")
            let r = try #require(c.readResponse())
            #expect(r.status == 413)
            #expect(r.header("Connection") == "close")
            #expect(c.closesSilently())

            // With Expect: 413 at once, no 100 Continue.
            let e = try #require(RawClient(port: server.port))
            e.send("POST /small HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n")
            #expect(e.readResponse()?.status == 413)

            // Chunked: as it streams in.
            let k = try #require(RawClient(port: server.port))
            k.send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n")
            #expect(k.readResponse()?.status == 413)
            #expect(serverStillServes(server))
        }
    }

    @Test func expectContinueGets100ThenTheResponse() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("POST /up HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            let first = try #require(c.readResponse())
            #expect(first.status == 100)
            c.send("hello")
            let r = try #require(c.readResponse())
            #expect(r.status == 200)
            #expect(r.text == "POST /up q=- body=hello")

            let bad = try #require(RawClient(port: server.port))
            bad.send("POST /up HTTP/1.1\r\nHost: t\r\nExpect: nothing-known\r\nContent-Length: 5\r\n\r\n")
            #expect(bad.readResponse()?.status == 417)
        }
    }

    @Test func unreadBodyIsNeverParsedAsARequest() throws {
        try withServer { server, _, log in
            let smuggled = "GET /evil HTTP/1.1\r\nHost: t\r\n\r\n"
            let c = try #require(RawClient(port: server.port))
            c.send("POST /ignore HTTP/1.1\r\nHost: t\r\nContent-Length: \(smuggled.utf8.count)\r\n\r\n\(smuggled)GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(c.readResponse()?.text == "ignored")
            #expect(c.readResponse()?.text == "GET /after q=- body=")
            #expect(!log.get.contains { $0.path == "/evil" })
        }
    }

    @Test func connectionsBeyondTheCapGet503() throws {
        try withServer({ $0.maxConnections = 2; $0.eventLoopThreads = 1 }) { server, _, _ in
            let a = try #require(RawClient(port: server.port))
            let b = try #require(RawClient(port: server.port))
            for c in [a, b] {
                c.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(c.readResponse()?.status == 200)
            }
            let third = try #require(RawClient(port: server.port))
            third.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try #require(third.readResponse())
            #expect(r.status == 503)
            #expect(third.closesSilently())
            // The two admitted connections still work; after one leaves, a new one is admitted.
            a.send("GET /again HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(a.readResponse()?.text == "GET /again q=- body=")
            #expect(a.closesSilently())
            usleep(100_000)
            #expect(serverStillServes(server))
        }
    }

    @Test func headHasGetHeadersAndNoBody() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /h HTTP/1.1\r\nHost: t\r\n\r\n")
            let get = try #require(c.readResponse())
            c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\nGET /next HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try #require(c.readResponse(head: true))
            #expect(head.status == 200)
            // The handler sees GET: same headers (Date aside), no body.
            #expect(head.header("Content-Length") == get.header("Content-Length"))
            #expect(head.header("Content-Length") == "\(get.body.count)")
            #expect(get.header("Content-Type") == head.header("Content-Type"))
            #expect(get.headers.map(\.0) == head.headers.map(\.0))
            #expect(c.readResponse()?.text == "GET /next q=- body=") // no body bytes came in between

            c.send("HEAD /file HTTP/1.1\r\nHost: t\r\n\r\n")
            let fh = try #require(c.readResponse(head: true))
            #expect(fh.header("Content-Length") == "\(3 << 20)")
            c.send("GET /after-file-head HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(c.readResponse()?.text == "GET /after-file-head q=- body=")
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /old HTTP/1.0\r\n\r\n")
            let r = try #require(c.readResponse())
            #expect(r.text == "GET /old q=- body=")
            #expect(r.header("Connection") == "close")
            #expect(c.closesSilently())

            let k = try #require(RawClient(port: server.port))
            for _ in 0..<2 {
                k.send("GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let r = try #require(k.readResponse())
                #expect(r.header("Connection") == "keep-alive")
            }
        }
    }

    @Test func connectionCloseIsHonoured() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(c.readResponse()?.header("Connection") == "close")
            #expect(c.closesSilently())
        }
    }

    @Test func chunkedUpload() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n")
            usleep(50_000)
            c.send("5\r\npedia\r\n0\r\nTrailer: x\r\n\r\n")
            #expect(c.readResponse()?.text == "POST /c q=- body=Wikipedia")
        }
    }

    @Test func largeBodyIsSpooledAndDeleted() throws {
        try withServer({ $0.spoolThreshold = 4096 }) { server, handler, _ in
            let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let c = try #require(RawClient(port: server.port))
            c.send(Array("POST /spool HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            let r = try #require(c.readResponse())
            #expect(r.text == "\(body.count) \(checksum(body))")
            #expect(handler.bodyKinds.get == ["file"])
            let path = try #require(handler.spoolPaths.get.first)
            usleep(50_000)
            #expect(access(path, F_OK) != 0, "spool file still exists")

            c.send("POST /spool HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
            #expect(c.readResponse()?.text == "3 \(checksum(Array("abc".utf8)))")
            #expect(handler.bodyKinds.get == ["file", "bytes"])
        }
    }

    @Test func fileResponseIsSentWhole() throws {
        try withServer { server, handler, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try #require(c.readResponse(timeout: 10))
            #expect(r.body.count == handler.fileBytes.count)
            #expect(r.body == handler.fileBytes)
            c.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(c.readResponse()?.text == "GET /after q=- body=")
        }
    }

    @Test func largeByteBodiesAreWrittenWholeAcrossPartialWrites() throws {
        try withServer { server, handler, log in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nHEAD /big HTTP/1.1\r\nHost: t\r\n\r\nGET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            usleep(200_000) // let the server fill the socket buffers first
            let first = try #require(c.readResponse(timeout: 10))
            #expect(first.body == Array(handler.fileBytes.prefix(1 << 20)))
            let head = try #require(c.readResponse(head: true))
            #expect(head.header("Content-Length") == "\(1 << 20)")
            let second = try #require(c.readResponse(timeout: 10))
            #expect(second.body.count == 1 << 20)
            usleep(20_000)
            #expect(log.get.map(\.method) == ["GET", "HEAD", "GET"])
            #expect(log.get.map(\.bytes) == [1 << 20, 0, 1 << 20])
        }
    }

    @Test func serverOwnsFramingHeaders() throws {
        try withServer { server, _, _ in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /headers HTTP/1.1\r\nHost: t\r\n\r\nGET /nocontent HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try #require(c.readResponse())
            #expect(r.header("Content-Length") == "1")
            #expect(r.headers.filter { $0.0 == "Connection" }.map(\.1) == ["keep-alive"])
            #expect(r.header("Injected") == nil)
            let nc = try #require(c.readResponse())
            #expect(nc.status == 204)
            #expect(nc.header("Content-Length") == nil)
        }
    }

    /// Issue 13, item 6: a header value with a control byte (CR, LF, NUL, ESC, DEL …) or a bad name never leaves the
    /// server: the response becomes a 500 (logged), and the connection goes on serving.
    @Test func controlBytesInAHeaderTurnTheResponseInto500() throws {
        try withServer { server, _, log in
            for byte in ["00", "01", "0A", "0D", "1B", "1F", "7F", "name"] {
                let c = try #require(RawClient(port: server.port))
                c.send("GET /inject?\(byte) HTTP/1.1\r\nHost: t\r\n\r\nGET /after HTTP/1.1\r\nHost: t\r\n\r\n")
                let r = try #require(c.readResponse())
                #expect(r.status == 500, "byte \(byte)")
                #expect(r.header("X-Evil") == nil && r.header("X Evil") == nil && r.header("Injected") == nil, "byte \(byte)")
                #expect(!String(decoding: r.body, as: UTF8.self).contains("Injected"))
                let next = try #require(c.readResponse())
                #expect(next.status == 200)
            }
            #expect(log.with { $0 }.filter { $0.path == "/inject" }.allSatisfy { $0.status == 500 })
            // HTAB is allowed inside a field value (RFC 9110 §5.5).
            let c = try #require(RawClient(port: server.port))
            c.send("GET /inject?09 HTTP/1.1\r\nHost: t\r\n\r\n")
            let tab = try #require(c.readResponse())
            #expect(tab.status == 200)
        }
    }

    @Test func unsafeHeaderNamesTheFirstBadField() {
        func response(_ fields: [(String, String)]) -> HTTPResponse {
            var headers = HTTPHeaders()
            for (n, v) in fields { headers.add(n, v) }
            return HTTPResponse(status: .ok, headers: headers, body: .bytes([]))
        }
        #expect(ResponseWriter.unsafeHeader(response([("Location", "/schools?q=1"), ("X-A", "a\tb"), ("X-B", "ü")])) == nil)
        #expect(ResponseWriter.unsafeHeader(response([("Location", "/\u{1B}/evil.example")])) == "Location")
        #expect(ResponseWriter.unsafeHeader(response([("X-A", "ok"), ("Location", "/\u{7F}/evil.example")])) == "Location")
        #expect(ResponseWriter.unsafeHeader(response([("Set-Cookie", "a=1\r\nX: y")])) == "Set-Cookie")
        #expect(ResponseWriter.unsafeHeader(response([("X:Y", "1")])) == "X:Y")
    }

    @Test func stopLetsInFlightRequestsFinish() throws {
        let handler = TestHandler()
        var config = HTTPServerConfiguration()
        config.port = 0
        config.drainTimeout = 5
        let server = HTTPServer(configuration: config, handler: handler)
        try server.start()
        let port = server.port
        let c = try #require(RawClient(port: port))
        let idle = try #require(RawClient(port: port))
        c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(150_000)
        let stopped = Box(false)
        let t = Thread { server.stop(); stopped.with { $0 = true } }
        t.start()
        let r = try #require(c.readResponse(timeout: 5))
        #expect(r.text == "slow done")
        #expect(r.header("Connection") == "close")
        #expect(idle.closesSilently())
        server.wait()
        usleep(50_000)
        #expect(stopped.get)
        #expect(RawClient(port: port) == nil, "still accepting after stop")
    }

    @Test func hostileRequestsGetExactStatusesAndTheServerGoesOn() throws {
        let cases: [(String, [UInt8], Int)] = [
            ("CL+TE", Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), 400),
            ("obs-fold", Array("GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n".utf8), 400),
            ("HTTP/2 preface", Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8), 505),
            ("HTTP/0.9", Array("GET /\r\n".utf8), 400),
            ("gzip", Array("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n".utf8), 501),
            ("bad chunk", Array("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".utf8), 400),
            ("1 MB header", Array("GET / HTTP/1.1\r\nHost: t\r\nX: ".utf8) + [UInt8](repeating: 97, count: 1 << 20), 431),
            ("long URI", Array("GET /".utf8) + [UInt8](repeating: 97, count: 100_000), 414),
            ("10,000 headers", Array(("GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "A: b\r\n", count: 10_000) + "\r\n").utf8), 431),
            ("NUL", Array("GET / HTTP/1.1\r\nHost: t\r\nX: a".utf8) + [0] + Array("\r\n\r\n".utf8), 400),
            ("missing Host", Array("GET / HTTP/1.1\r\n\r\n".utf8), 400),
            ("lower-case method", Array("get / HTTP/1.1\r\nHost: t\r\n\r\n".utf8), 501),
        ]
        try withServer { server, _, _ in
            for (name, raw, status) in cases {
                let c = try #require(RawClient(port: server.port))
                c.send(raw)
                let r = c.readResponse()
                #expect(r?.status == status, "\(name)")
                #expect(r?.header("Connection") == "close", "\(name)")
                #expect(c.closesSilently(), "\(name)")
                #expect(serverStillServes(server), "after \(name)")
            }
        }
    }

    @Test func accessLogHasOneEntryPerRequest() throws {
        try withServer { server, _, log in
            let c = try #require(RawClient(port: server.port))
            c.send("GET /a?secret=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            let r = try #require(c.readResponse())
            c.send("POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi")
            _ = c.readResponse()
            usleep(20_000)
            let entries = log.get
            #expect(entries.count == 2)
            #expect(entries.first?.method == "GET")
            #expect(entries.first?.path == "/a")
            #expect(entries.first?.status == 200)
            #expect(entries.first?.bytes == r.body.count)
            #expect(entries.first?.remoteAddress == "127.0.0.1")
            #expect((entries.first?.milliseconds ?? -1) >= 0)
            #expect(entries.last?.path == "/b")
        }
    }

    @Test func holdsTwoThousandConnections() throws {
        try withServer({ $0.idleTimeout = 30; $0.headerTimeout = 30 }) { server, _, _ in
            var clients: [RawClient] = []
            for _ in 0..<2000 {
                clients.append(try #require(RawClient(port: server.port)))
            }
            for c in clients { c.send("GET /many HTTP/1.1\r\nHost: t\r\n\r\n") }
            var ok = 0
            for c in clients where c.readResponse()?.status == 200 { ok += 1 }
            #expect(ok == 2000)
            #expect(server.openConnections == 2000)
        }
    }
}
