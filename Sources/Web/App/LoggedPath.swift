import Foundation

/// A request path as logs may keep it: the secret of a calendar feed link (`/calendar/{token}.ics`) is replaced.
public enum LoggedPath {
    public static let calendarPlaceholder = "/calendar/[token].ics"

    public static func redacting(_ path: String) -> String {
        guard path.contains("calendar") || path.utf8.contains(UInt8(ascii: "%")) else { return path }
        // Read as the router reads it (empty segments dropped, percent-decoded), so no spelling of the route slips through.
        guard let segments = Router.segments(of: path) else {
            return path.lowercased().contains("calendar") ? calendarPlaceholder : path
        }
        return segments.first == "calendar" ? calendarPlaceholder : path
    }
}
