/// The `--format` every command takes.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Aligned text for people (the default).
  case table
  /// One JSON object on one line, for programs.
  case json
  /// JSON Lines: one JSON object per line as each result is produced (`sample`, `generate`).
  case jsonl

  /// The formats every command takes.
  static let documents: [(String, OutputFormat)] = [("table", .table), ("json", .json)]
  /// The formats of a command that emits a stream.
  static let streams: [(String, OutputFormat)] = documents + [("jsonl", .jsonl)]
}
