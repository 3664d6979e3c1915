import GRDB

/// The database cannot take writes for a reason outside the request: the disk is full, the file is read-only,
/// the storage fails, or another process holds the lock past the busy timeout. The web layer answers 503
/// (the change is not saved; nothing is half-written, since every change is one transaction).
public enum StorageFailure: String, Sendable, Equatable {
    case full = "SQLITE_FULL"
    case readOnly = "SQLITE_READONLY"
    case ioError = "SQLITE_IOERR"
    case busy = "SQLITE_BUSY"

    /// The storage condition behind `error`, or nil for any other error.
    public static func classify(_ error: any Error) -> StorageFailure? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: return .full
        case .SQLITE_READONLY: return .readOnly
        case .SQLITE_IOERR: return .ioError
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy
        default: return nil
        }
    }
}
