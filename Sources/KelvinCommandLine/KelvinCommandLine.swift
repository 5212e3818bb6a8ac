import Foundation
import Kelvin

/// What one run of `kelvin` produced.
public struct CommandOutcome: Sendable, Equatable {
  /// The exit status.
  public var exitCode: ExitCode
  /// Everything written to standard output.
  public var standardOutput: String
  /// Everything written to standard error.
  public var standardError: String
}

/// The `kelvin` tool, which dispatches to subcommands.
///
/// Every error becomes one line on stderr (a JSON object under `--format json`) and an exit
/// code. The executable's `main.swift` only calls ``main()``.
public enum KelvinCommandLine {
  /// The tool's version.
  public static let version = "0.2.0"

  /// One line about the tool, for the top of `--help`.
  public static let abstract =
    "Kelvin: temperature-scaled softmax, the Boltzmann view, and everything built on them."

  /// Every subcommand, in the order help lists them.
  public static let commands: [any Command.Type] = [
    SketchCommand.self, ExploreCommand.self, SoftmaxCommand.self, ThermoCommand.self,
    InspectCommand.self,
    ProcessCommand.self, SampleCommand.self, GenerateCommand.self, ConstrainCommand.self,
    PerplexityCommand.self,
    StudyCommand.self,
    CalibrateCommand.self, KDLossCommand.self, DistillCommand.self, SynthCommand.self,
    BanditCommand.self, BenchCommand.self, CompletionCommand.self, TokenizeCommand.self,
    DetokenizeCommand.self,
  ]

  /// Runs the tool in-process on `arguments` (without the program name).
  ///
  /// - Parameter environment: The environment (`COLUMNS` sets the help width).
  /// - Returns: The exit status and everything written to stdout and stderr.
  public static func run(_ arguments: [String], environment: [String: String] = [:])
    -> CommandOutcome
  {
    let captured = CapturedText()
    let errors = CapturedText()
    let code = run(
      arguments, output: captured.output(), errors: errors.output(), environment: environment)
    return CommandOutcome(
      exitCode: code, standardOutput: captured.text, standardError: errors.text)
  }

  /// Runs the tool with the process's arguments on the real streams and exits.
  public static func main() -> Never {
    let signals = InterruptHandling.install()
    defer { withExtendedLifetime(signals) {} }
    let output = CommandOutput.descriptor(STDOUT_FILENO, name: "standard output")
    output.showsProgress = isatty(STDERR_FILENO) == 1
    let code = run(
      Array(CommandLine.arguments.dropFirst()), output: output,
      errors: .descriptor(STDERR_FILENO, name: "standard error"),
      environment: ProcessInfo.processInfo.environment)
    exit(code.rawValue)
  }

  /// Runs the tool, writing results to `output` and errors to `errors`.
  ///
  /// - Returns: The exit status.
  public static func run(
    _ arguments: [String], output: CommandOutput, errors: CommandOutput,
    environment: [String: String]
  ) -> ExitCode {
    let width = HelpFormatter.width(environment: environment)
    let json = OptionParser.requestsJSON(arguments)
    output.diagnostics = { text in
      do {
        try errors.write(text)
        try errors.flush()
      } catch {
        // Standard error failed; the result on stdout is unaffected.
      }
    }
    var helpPointer: String?
    do {
      guard let first = arguments.first else {
        try output.write(toolHelp(width: width))
        try output.flush()
        return .success
      }
      switch first {
      case "-h", "--help":
        try output.write(toolHelp(width: width))
      case "--version":
        guard arguments.count == 1 else {
          throw CommandError.usage("--version takes no arguments, got '\(arguments[1])'")
        }
        try output.write("kelvin \(version)\n")
      case "help":
        helpPointer = "see 'kelvin --help'"
        guard arguments.count > 1 else {
          try output.write(toolHelp(width: width))
          break
        }
        let command = try self.command(named: arguments[1])
        guard arguments.count == 2 else {
          throw CommandError.usage("unexpected argument '\(arguments[2])'")
        }
        try output.write(command.helpText(width: width))
      default:
        helpPointer = "see 'kelvin --help'"
        let command = try self.command(named: first)
        helpPointer = "see 'kelvin \(command.configuration.name) --help'"
        let chosen = try KernelLevelEnvironment.apply(environment)
        defer { if chosen { KernelLevel.useDetected() } }
        try command.execute(Array(arguments.dropFirst()), output: output, width: width)
      }
      try output.flush()
      output.endProgress()
      return .success
    } catch {
      output.discard()
      output.endProgress()
      let failure = ErrorReport(error)
      if failure.error.exitCode == .brokenPipe { return .brokenPipe }
      let pointer = failure.error.exitCode == .usage ? helpPointer ?? "see 'kelvin --help'" : nil
      do {
        try errors.write(json ? try failure.json() : failure.text(helpPointer: pointer))
        try errors.flush()
      } catch {
        // Standard error itself failed; the exit code still tells.
      }
      return failure.error.exitCode
    }
  }

  static func toolHelp(width: Int) -> String {
    HelpFormatter(width: width).toolHelp(
      abstract: abstract, commands: commands.map { $0.configuration })
  }

  static func command(named name: String) throws -> any Command.Type {
    if let command = commands.first(where: { $0.configuration.name == name }) { return command }
    let names = commands.map { $0.configuration.name }
    let hint = ClosestName.suggestion(for: name, among: names).map { " (did you mean '\($0)'?)" }
    throw CommandError.usage("unknown subcommand '\(name)'\(hint ?? "")")
  }
}

extension Command {
  static func helpText(width: Int) -> String { HelpFormatter(width: width).help(for: Self.self) }
}
