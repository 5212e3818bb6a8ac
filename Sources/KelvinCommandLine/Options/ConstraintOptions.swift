import Kelvin

/// The options that say what a constraint allows: `--regex` or `--json-schema`.
///
/// Shared by `generate` and `constrain`.
struct ConstraintOptions: CommandOptions {
  var regex: String?
  var jsonSchema: String?

  static var declarations: [OptionDeclaration<ConstraintOptions>] {
    [
      .option(
        \.regex, "regex", "PATTERN",
        help:
          "A regular expression the whole text must match (Kelvin's subset: literals, classes, . * + ? {m,n} | and groups; docs/CONSTRAINTS.md).",
        .nonEmpty("a regular expression"), default: "none"),
      .option(
        \.jsonSchema, "json-schema", "FILE",
        help:
          "A JSON Schema the text must be compact JSON of (its subset: docs/CONSTRAINTS.md), through the regular expression it becomes.",
        .nonEmpty("a file path"), default: "none", path: true),
    ]
  }

  static func declarations<Outer>(at path: WritableKeyPath<Outer, ConstraintOptions>)
    -> [OptionDeclaration<Outer>]
  {
    declarations.map { $0.embedded(at: path) }
  }

  /// One constraint at a time.
  static func relations<Outer: CommandOptions>(at path: WritableKeyPath<Outer, ConstraintOptions>)
    -> [OptionRelation<Outer>]
  {
    [
      .excludes(
        path.appending(path: \.regex), path.appending(path: \.jsonSchema),
        because: "one constraint at a time")
    ]
  }

  /// Whether either option is given.
  var isGiven: Bool { regex != nil || jsonSchema != nil }

  /// The option given and the pattern it stands for, or `nil`.
  ///
  /// - Throws: ``KelvinIOError`` for a schema file that cannot be read or used.
  func pattern() throws -> (flag: String, pattern: String)? {
    if let regex { return ("--regex", regex) }
    guard let path = jsonSchema else { return nil }
    return (
      "--json-schema",
      try JSONSchemaPattern.pattern(json: try InputFile.contents(of: path), path: path)
    )
  }

  /// The constraint over `vocabulary`, or `nil` when neither option is given.
  ///
  /// - Parameter requiresMatch: Whether a pattern that no text of the vocabulary can match is
  ///   an error (generation) or a finding (`kelvin constrain`).
  /// - Throws: As ``compile(_:flag:over:unmatchable:)``; ``KelvinIOError`` for the schema file.
  func constraint(over vocabulary: TokenVocabulary, requiresMatch: Bool = true) throws
    -> RegexConstraint?
  {
    guard let (flag, pattern) = try pattern() else { return nil }
    return try Self.compile(
      pattern, flag: flag, over: vocabulary,
      unmatchable: requiresMatch
        ? " (the built-in model writes printable ASCII; a newline ends its text)" : nil)
  }

  /// Compiles and indexes `pattern`, naming `flag` in errors.
  ///
  /// - Parameter unmatchable: When not `nil`, a pattern that no text of the vocabulary can
  ///   match is an error, with this appended to its message.
  /// - Throws: ``CommandError`` (64) for a pattern outside the subset or too large, or one
  ///   that cannot be matched.
  static func compile(
    _ pattern: String, flag: String, over vocabulary: TokenVocabulary, unmatchable: String?
  ) throws -> RegexConstraint {
    let constraint: RegexConstraint
    do {
      constraint = try RegexConstraint(pattern: pattern, vocabulary: vocabulary)
    } catch let error as RegexError {
      throw CommandError.usage("\(flag): \(error)", flag: flag)
    }
    if let unmatchable, !constraint.index.isLive(constraint.state) {
      throw CommandError.usage(
        "\(flag): no text of this vocabulary matches the pattern" + unmatchable, flag: flag)
    }
    return constraint
  }
}
