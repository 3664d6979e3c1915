import Foundation
import Testing
@testable import Spreadsheet

@Suite struct CSVTests {
    @Test func windows1251WithSemicolons() throws {
        let text = "Школа;Код;Участников\r\nМБОУ «СОШ № 1»;S1;25\r\nЁлкинская ООШ;S2;\r\n"
        let bytes = try #require(text.data(using: .windowsCP1251))
        let doc = try CSVReader.read(bytes)
        #expect(doc.encoding == .windows1251)
        #expect(doc.delimiter == ";")
        #expect(doc.records == [
            CSVRecord(line: 1, fields: ["Школа", "Код", "Участников"]),
            CSVRecord(line: 2, fields: ["МБОУ «СОШ № 1»", "S1", "25"]),
            CSVRecord(line: 3, fields: ["Ёлкинская ООШ", "S2", ""]),
        ])
    }

    @Test func windows1251TableMatchesFoundation() throws {
        for byte in UInt8(0x80)...UInt8(0xFF) where byte != 0x98 {
            let ours = TextEncoding.windows1251([byte][...])
            let foundation = String(data: Data([byte]), encoding: .windowsCP1251)
            #expect(ours == foundation, "byte \(byte)")
        }
    }

    @Test func utf8WithBOMAndCommas() throws {
        let doc = try CSVReader.read(Data([0xEF, 0xBB, 0xBF] + Array("a,b,\"c,d\"\n1,2,3\n".utf8)))
        #expect(doc.encoding == .utf8 && doc.delimiter == ",")
        #expect(doc.records.map(\.fields) == [["a", "b", "c,d"], ["1", "2", "3"]])
        #expect(doc.records[0].fields[0] == "a")  // no BOM left in the first field
    }

    @Test func quotedNewlineKeepsLineNumbers() throws {
        let csv = "Школа;Примечание\n\"СОШ № 1\";\"первая строка\nвторая \"\"в кавычках\"\"\"\nСОШ № 2;x\r\n\r\nСОШ № 3;\"a\r\nb\"\rСОШ № 4;y"
        let doc = try CSVReader.read(Data(csv.utf8))
        #expect(doc.records == [
            CSVRecord(line: 1, fields: ["Школа", "Примечание"]),
            CSVRecord(line: 2, fields: ["СОШ № 1", "первая строка\nвторая \"в кавычках\""]),
            CSVRecord(line: 4, fields: ["СОШ № 2", "x"]),
            CSVRecord(line: 6, fields: ["СОШ № 3", "a\r\nb"]),
            CSVRecord(line: 8, fields: ["СОШ № 4", "y"]),
        ])
    }

    @Test func tabDelimiter() throws {
        let doc = try CSVReader.read(Data("Код\tШкола; филиал\tГод\nS1\tСОШ, корпус 2\t2022/2023\n".utf8))
        #expect(doc.delimiter == "\t")
        #expect(doc.records[1].fields == ["S1", "СОШ, корпус 2", "2022/2023"])
    }

    /// The delimiter is the header row's, not a title line's above it (issue 20), nor the decimal commas' of the rows.
    @Test func delimiterFromTheHeaderRowUnderATitle() throws {
        let titled = try CSVReader.read(Data("Результаты ВПР, 2022/2023 учебный год\n\nКод;Школа;Участников\nS1;СОШ № 1;25\n".utf8))
        #expect(titled.delimiter == ";")
        #expect(titled.records.map(\.fields) == [["Результаты ВПР, 2022/2023 учебный год"], ["Код", "Школа", "Участников"], ["S1", "СОШ № 1", "25"]])
        let decimals = try CSVReader.read(Data("Код;Ср. балл;Доля «2»\nS1;3,44;12,5\nS2;3,1;0,5\n".utf8))
        #expect(decimals.delimiter == ";")
        let commas = try CSVReader.read(Data("Отчёт; ВПР\nКод,Школа,Участников,«2»\nS1,\"СОШ; 1\",25,3\n".utf8))
        #expect(commas.delimiter == ",", "one `;` in a title does not outweigh a `,` header")
    }

    @Test func delimiterIgnoresQuotedParts() throws {
        let doc = try CSVReader.read(Data("\"a;b;c;d\",x,y\n1,2,3\n".utf8))
        #expect(doc.delimiter == ",")
        #expect(doc.records[0].fields == ["a;b;c;d", "x", "y"])
    }

    @Test func bareQuotesInsideUnquotedFieldAreText() throws {
        let doc = try CSVReader.read(Data("МБОУ \"СОШ № 1\";5\n".utf8))
        #expect(doc.records[0].fields == ["МБОУ \"СОШ № 1\"", "5"])
    }

    @Test func malformedQuotingNamesTheLine() {
        #expect(throws: SpreadsheetError.malformedCSV(line: 3, detail: "кавычка, открытая в этой строке, не закрыта")) {
            try CSVReader.read(Data("a;b\n1;2\n3;\"не закрыта\n4;5\n".utf8))
        }
        #expect(throws: SpreadsheetError.malformedCSV(line: 2, detail: "после закрывающей кавычки идёт текст")) {
            try CSVReader.read(Data("a;b\n\"x\"y;2\n".utf8))
        }
        let error = SpreadsheetError.malformedCSV(line: 3, detail: "кавычка, открытая в этой строке, не закрыта")
        #expect(error.description.contains("строке 3"))
    }

    @Test func emptyAndTrailingDelimiters() throws {
        #expect(try CSVReader.read(Data()).records.isEmpty)
        #expect(try CSVReader.read(Data("a;b;\n;;\n".utf8)).records.map(\.fields) == [["a", "b", ""], ["", "", ""]])
    }

    @Test func writerForRussianExcel() throws {
        var writer = CSVWriter()
        writer.append(["Школа", "Код", "Примечание"])
        writer.append(["МБОУ \"СОШ № 1\"", "S1;2", "две\nстроки"])
        writer.append(["=HYPERLINK(\"x\")", "-5", "+7,5", "@SUM(A1)", "-1+1", nil, ""])
        let data = writer.data
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == "Школа;Код;Примечание\r\n\"МБОУ \"\"СОШ № 1\"\"\";\"S1;2\";\"две\nстроки\"\r\n"
                + "\"'=HYPERLINK(\"\"x\"\")\";-5;+7,5;'@SUM(A1);'-1+1;;\r\n")
        let back = try CSVReader.read(data).records.map(\.fields)
        #expect(back[1] == ["МБОУ \"СОШ № 1\"", "S1;2", "две\nстроки"])

        let unguarded = CSVWriter.data(rows: [["=1+1", "-x"]], formulaGuard: false)
        #expect(String(decoding: unguarded.dropFirst(3), as: UTF8.self) == "=1+1;-x\r\n")
        let comma = CSVWriter.data(rows: [["a,b", "c"]], delimiter: ",")
        #expect(String(decoding: comma.dropFirst(3), as: UTF8.self) == "\"a,b\",c\r\n")
    }
}

/// The delimiter is told by the lines that split alike (issue 20 item 6), not by a title line above the header.
@Suite struct CSVDelimiterTests {
    @Test func aTitleLineWithACommaAboveASemicolonTable() throws {
        let doc = try CSVReader.read(Data("Результаты ВПР, 2023 год\n\nКод;Год;Средний балл\n000303;2022/2023;3,44\n000305;2022/2023;3,55\n".utf8))
        #expect(doc.delimiter == ";")
        #expect(doc.records.map(\.fields) == [["Результаты ВПР, 2023 год"], ["Код", "Год", "Средний балл"],
                                              ["000303", "2022/2023", "3,44"], ["000305", "2022/2023", "3,55"]])
    }

    @Test func aTitleLineWithASemicolonAboveACommaTable() throws {
        let doc = try CSVReader.read(Data("Отчёт: ОГЭ; район\r\nКод,Год,Участников\r\n000412,2022/2023,12\r\n".utf8))
        #expect(doc.delimiter == ",")
        #expect(doc.records[2].fields == ["000412", "2022/2023", "12"])
    }

    @Test func decimalCommasInASemicolonFileDoNotDecide() throws {
        let doc = try CSVReader.read(Data("Код;Среднее;Доля\n1;3,44;0,5\n2;3,5;0,25\n".utf8))
        #expect(doc.delimiter == ";")
        // Two fields a line either way: `;` wins the tie.
        #expect(try CSVReader.read(Data("Код;Среднее\n1;3,44\n".utf8)).delimiter == ";")
    }

    @Test func quotedPartsAndLineBreaksDoNotCount() throws {
        let doc = try CSVReader.read(Data("\"Школа; корпус\",Год\n\"СОШ;\n№ 3\",2022\n".utf8))
        #expect(doc.delimiter == ",")
        #expect(doc.records[1].fields == ["СОШ;\n№ 3", "2022"])
        #expect(try CSVReader.read(Data("один\nдва\n".utf8)).delimiter == ";")
    }
}
