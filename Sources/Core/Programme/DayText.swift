/// Calendar days are stored as yyyy-MM-dd; people read dd.MM.yyyy.
public enum DayText {
    public static func russian(_ iso: String?) -> String {
        guard let iso, !iso.isEmpty else { return "" }
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2]).\(parts[1]).\(parts[0])" : iso
    }
}
