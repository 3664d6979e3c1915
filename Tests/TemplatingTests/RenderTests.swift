import Testing
import Templating

private func render(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

private func listPage(items: [ListPage.Item], user: ListPage.User?, flag: Bool = false) -> ListPage {
    ListPage(heading: "Заголовок", items: items, flag: flag, user: user,
             featured: .init(name: "<b>", done: false, tags: []),
             chart: TrustedHTML(programGenerated: "<svg><rect/></svg>"))
}

@Suite struct RenderTests {
    @Test func escapesTextAndAttributes() {
        let page = EscapePage(title: "a<b>&\"c\"'d'", attr: "x\" onmouseover='y' & <z>", note: nil, count: -42, ratio: 0.5)
        #expect(render(Templates.escape(page)) == """
        <p title="x&quot; onmouseover=&#39;y&#39; &amp; &lt;z&gt;">a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;</p>
        <i></i><b>-42</b><u>0.5</u>

        """)
    }

    @Test func cyrillicAndOptionalPassThrough() {
        let page = EscapePage(title: "Школа № 5", attr: "ё", note: "Примечание", count: 0, ratio: 1e-5)
        #expect(render(Templates.escape(page)) == """
        <p title="ё">Школа № 5</p>
        <i>Примечание</i><b>0</b><u>0.00001</u>

        """)
    }

    @Test func listWithEachIfWithPartialsAndTrusted() {
        let items = [ListPage.Item(name: "один", done: true, tags: ["x", "y"]),
                     ListPage.Item(name: "два & три", done: false, tags: [])]
        #expect(render(Templates.list(listPage(items: items, user: .init(name: "Анна")))) == """
        <h1>Заголовок</h1>
        <ul>
          <li>один (Заголовок) да #x/один/Заголовок #y/один/Заголовок</li>
          <li>два &amp; три (Заголовок) нет</li>
        </ul>
        <p>not flagged</p>
        <p>Анна of Заголовок</p>
        <tr><td>один</td></tr>
        <tr><td>два &amp; три</td></tr>
        <tr><td>&lt;b&gt;</td></tr>
        <svg><rect/></svg>

        """)
    }

    @Test func elseBranchesUnlessAndInverted() {
        #expect(render(Templates.list(listPage(items: [], user: nil, flag: true))) == """
        <h1>Заголовок</h1>
        <ul>
          <li>пусто</li>
        </ul>
        <p>no items</p>
        <p>anonymous</p>
        <tr><td>&lt;b&gt;</td></tr>
        <svg><rect/></svg>

        """)
    }

    @Test func layoutWithOverriddenAndDefaultBlocks() {
        let page = SchoolListPage(chrome: Chrome(siteName: "Опора"), city: "Казань", schools: ["№1", "<2>"])
        #expect(render(Templates.schoolList(page)) == """
        <html>
        <head><title>Школы — Казань</title></head>
        <body>
        <ul>
          <li>№1 (Казань)</li>
          <li>&lt;2&gt; (Казань)</li>
        </ul>

        <footer>© Опора</footer>
        </body>
        </html>

        """)
    }

    @Test func layoutAloneRendersAllDefaults() {
        #expect(render(Templates.layout(Chrome(siteName: "S&P"))) == """
        <html>
        <head><title>S&amp;P</title></head>
        <body>

        <footer>© S&amp;P</footer>
        </body>
        </html>

        """)
    }

    @Test func runtimePrimitives() {
        var w = HTMLWriter(capacity: 16)
        w.write("<a>" as StaticString)
        w.write(escaping: "'" as Substring)
        w.write(escaping: Int64.min)
        w.write(escaping: Int32(7))
        w.write(escaping: Optional<Int>.none)
        w.write(escaping: 1e16)
        w.write(escaping: -2.5e-3)
        #expect(render(w.bytes) == "<a>&#39;-9223372036854775808710000000000000000.0-0.0025")
        #expect(truthy(true) && !truthy(false))
        #expect(truthy(Optional(0)) && !truthy(Optional<Int>.none))
        #expect(truthy([1]) && !truthy([Int]()) && !truthy(""))
    }
}
