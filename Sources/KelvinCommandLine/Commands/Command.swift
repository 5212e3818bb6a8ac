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
}
