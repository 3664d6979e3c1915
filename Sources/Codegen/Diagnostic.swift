/// A build error reported as `file:line: error: message`, the format Xcode and SwiftPM pick up.
struct Diagnostic: Error, CustomStringConvertible {
    let file: String
    let line: Int
    let message: String

    var description: String { "\(file):\(line): error: \(message)" }
}
