import Crypto
import Foundation
import Testing

/// Landed migrations never change: a database migrated by an earlier build has already run them, so an edit would
/// reach fresh databases only and the two would drift apart. A change to the schema is a new numbered file.
@Suite struct MigrationPinTests {
    /// SHA-256 of every landed `Migrations/*.sql`. Adding a migration: append its line here
    /// (`sha256sum Migrations/NNNN_name.sql`). Never change a line that is already here.
    static let landed: [String: String] = [
        "0001_foundation.sql": "a929f6718cc9c99ecc24da96fd6d97223712c184905a454c58ec316ff95b7774",
        "0002_organisation.sql": "095f2e04111df5e1f8bbfaac4d776df4fc0f18645473c481e3f0e5da7b776d13",
        "0003_results.sql": "fa9d53b259137e91c90cbb17dce6902296630d818102ca42db89007ca68662fa",
        "0004_programme_cycle.sql": "b0dcfd930f5d64fe191e4739201c35c3e2455e04e38b13bedccd8c2bd8bafa7e",
        "0005_importer.sql": "99ffe5f228ccf3ea00620534f45fd350297652ee99fbe7eb57e825f4daa01afc",
        "0006_documents.sql": "a1eeeb7238efd60cf392e6c42f75def7ab32019381ef4b5c76415de7f2d90313",
        "0007_workspace.sql": "02623b39b4d6c1a11dfe8414ca0a1ef2f5f10d1ed1c96bdbdb34c29b14b22c9b",
        "0008_notifications.sql": "cafcf6a4f37a252772a25bdc634c200ec06c0e2de3fc1865df86fb62ec04a4e5",
        "0009_watchlist.sql": "42651b454fcf82fc385c468411c16f8185e92296895be5700df64b3aedb032cb",
        "0010_practices.sql": "642d8aa3d285f9c7a3c66073506a006222d4668f96638506b31cf539f42aa644",
        "0011_pupils_at_risk.sql": "86a00462bd64725803cdb5f3e7b7c62c41fbb755dd2e68ee13c8ad0ac13fcd2e",
        "0012_public_page.sql": "887149c52f360f9cd5de0c8fc488df17f5f37c644d697e36046c598827276dd4",
        "0013_comment_parent_index.sql": "d152745495df2cf75d6ec5c6ff897366cdcd49a46b07de0e52ab535f7401a47e",
        "0014_lookup_indexes.sql": "7e1a85cd75256bf6f2a08c2ea63f85ebf47610f7bd8727678b4f4f5d47f65adc",
        "0015_comment_awaits_review.sql": "a2918cbc6927f8cdb01431723def48431a4aca0b6151f942b7d09725f2f9e8b8",
        "0016_login_throttle_keys.sql": "54d8ce4150f9a02905890e826283eb56321cae4f1a31a9a956ac315dddcaf332",
        "0017_document_kind_municipality.sql": "912c701f3c6f7d06c1ae95016541201465b1651bd809fda442502262e02c1a9e",
        "0019_report_evidence_note.sql": "25710d5e450d7c40ca3a785eb563ce5b78c8d547b646a951b10af501c5f28c70",
        "0021_visits_orders_participants.sql": "d5ad4b69daec76e818a4ca3a55f230a5b6b908bd3ed8d5e1852ac8a12dac7ae5",
        "0022_user_email.sql": "c6a820670a2ecadb19cab620ed1a8f062e03bfb3f0176edf53ba66a659000a66",
        "0023_mail_outbox.sql": "4f998f674fe4a1d354615c5f5aa4f0cdfafa09d0b654221999d3db8d6e28d8d9",
        "0024_calendar_feed.sql": "d06be9988d8ddcdde00e26e53fec346b44f7b0476935b88c98590daf75dac6b2",
        "0025_watch_rules.sql": "a5f4a32b56bbdf48165dd56bec5ccc500df2626c1a55162f3680de1404fe8b08",
        "0026_activity_indexes.sql": "7e889ae18ab106da326c6f22258abeea839e6ebd8add6c6433b9b6dfbd8afe42",
        "0027_import_inserted_results.sql": "b401fa0786a0525eb1b62efd78fcac2489b57cdf4da246ab6b26ca6381b64ac7",
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migrations")

    static func onDisk() throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        var hashes: [String: String] = [:]
        for name in names {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            hashes[name] = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        }
        return hashes
    }

    @Test func landedMigrationsAreUnchanged() throws {
        let files = try Self.onDisk()
        for (name, pinned) in Self.landed.sorted(by: { $0.key < $1.key }) {
            let actual = try #require(files[name], "Migrations/\(name) was removed or renamed: a database that ran it keeps its identifier; restore it")
            #expect(actual == pinned, "Migrations/\(name) was edited after it landed: restore it and put the change into a new numbered migration")
        }
    }

    @Test func everyMigrationIsPinned() throws {
        let unpinned = try Self.onDisk().filter { Self.landed[$0.key] == nil }
        for (name, hash) in unpinned.sorted(by: { $0.key < $1.key }) {
            Issue.record("Migrations/\(name) is new: add \"\(name)\": \"\(hash)\" to MigrationPinTests.landed")
        }
    }
}
