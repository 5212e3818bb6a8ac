/// The `--format` every command takes.
public enum OutputFormat: String, Sendable, CaseIterable {
  /// Aligned text for people (the default).
  case table
  /// One JSON object on one line, for programs.
  case json

  /// Reads `--format` from parsed arguments.
  ///
  /// - Throws: ``CommandError`` (64) for a value other than `table` or `json`.
  public init(_ arguments: ParsedArguments) throws {
    self = try ValueParsing.choice(arguments.value("format") ?? "table", flag: "format")
  }
}
