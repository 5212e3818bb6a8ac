/// The `--format` every command takes.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Aligned text for people (the default).
  case table
  /// One JSON object on one line, for programs.
  case json
}
