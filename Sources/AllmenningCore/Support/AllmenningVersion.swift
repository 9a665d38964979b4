public enum AllmenningVersion {
    public static let current = "0.1.0"
}
