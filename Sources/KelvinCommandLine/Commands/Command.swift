/// A `kelvin` subcommand: its declaration and what it does.
///
/// A command returns its whole standard output as a string, so that on an error nothing has
/// been printed (stdout stays empty) and so that tests run it in-process.
public protocol Command: Sendable {
  /// The name, help and options.
  static var spec: CommandSpec { get }
  /// Runs with parsed options and returns the text for standard output.
  ///
  /// - Throws: ``CommandError`` for usage (64) and data (65) errors, or `KelvinError`, which
  ///   the dispatcher reports as a data error.
  static func run(_ arguments: ParsedArguments) throws -> String
  /// Runs with parsed options, handing text that should appear at once (generated tokens) to
  /// `emit`, and returns the rest. By default everything is returned at the end.
  ///
  /// Commands that emit may leave partial output on stdout when they fail later.
  static func run(_ arguments: ParsedArguments, emit: (String) -> Void) throws -> String
}

extension Command {
  /// Returns everything at the end.
  public static func run(_ arguments: ParsedArguments, emit: (String) -> Void) throws -> String {
    try run(arguments)
  }
}
