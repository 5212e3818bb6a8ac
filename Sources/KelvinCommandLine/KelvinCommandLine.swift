import Kelvin

/// What one run of `kelvin` produced.
public struct CommandOutcome: Sendable, Equatable {
  /// The exit status.
  public var exitCode: ExitCode
  /// Everything for standard output (empty on error).
  public var standardOutput: String
  /// Everything for standard error.
  public var standardError: String
}

/// The `kelvin` tool, which dispatches to subcommands.
///
/// Every error becomes a message and an exit code. The executable's `main.swift` only calls
/// ``main()``.
public enum KelvinCommandLine {
  /// The tool's version.
  public static let version = "0.1.0"

  /// One line about the tool, for the top of `--help`.
  public static let abstract =
    "Kelvin: temperature-scaled softmax, the Boltzmann view, and everything built on them."

  /// Every subcommand, in the order help lists them.
  public static let commands: [any Command.Type] = [
    SketchCommand.self, SoftmaxCommand.self, ThermoCommand.self, InspectCommand.self,
    ProcessCommand.self, SampleCommand.self, GenerateCommand.self, PerplexityCommand.self,
    CalibrateCommand.self, KDLossCommand.self, DistillCommand.self, SynthCommand.self,
    BanditCommand.self, BenchCommand.self,
  ]

  /// Runs the tool on `arguments` (without the program name) and returns what it would print.
  ///
  /// - Complexity: that of the subcommand.
  public static func run(_ arguments: [String]) -> CommandOutcome {
    var streamed = ""
    var outcome = run(arguments) { streamed += $0 }
    outcome.standardOutput = streamed + outcome.standardOutput
    return outcome
  }

  /// Runs the tool, handing streamed output to `emit` as it is produced.
  public static func run(_ arguments: [String], emit: (String) -> Void) -> CommandOutcome {
    let specs = commands.map { $0.spec }
    guard let first = arguments.first else {
      return success(HelpFormatter.toolHelp(abstract: abstract, commands: specs))
    }
    switch first {
    case "-h", "--help":
      return success(HelpFormatter.toolHelp(abstract: abstract, commands: specs))
    case "--version":
      return success("kelvin \(version)\n")
    case "help":
      guard arguments.count > 1 else {
        return success(HelpFormatter.toolHelp(abstract: abstract, commands: specs))
      }
      guard let command = command(named: arguments[1]) else {
        return failure(.usage("unknown subcommand '\(arguments[1])'"), usage: toolUsage)
      }
      return success(HelpFormatter.help(for: command.spec))
    default:
      guard let command = command(named: first) else {
        return failure(.usage("unknown subcommand '\(first)'"), usage: toolUsage)
      }
      return run(command, Array(arguments.dropFirst()), emit: emit)
    }
  }

  /// Runs the tool with the process's arguments, writes its output and exits.
  public static func main() -> Never {
    let outcome = run(Array(CommandLine.arguments.dropFirst())) {
      StandardStreams.write($0, to: .output)
    }
    StandardStreams.write(outcome.standardOutput, to: .output)
    StandardStreams.write(outcome.standardError, to: .error)
    StandardStreams.exit(outcome.exitCode)
  }

  static let toolUsage = "see 'kelvin --help'"

  static func command(named name: String) -> (any Command.Type)? {
    commands.first { $0.spec.name == name }
  }

  static func run(_ command: any Command.Type, _ words: [String], emit: (String) -> Void)
    -> CommandOutcome
  {
    let spec = command.spec
    let usage = "see 'kelvin \(spec.name) --help'"
    do {
      switch try ArgumentParser.parse(words, for: spec) {
      case .help:
        return success(HelpFormatter.help(for: spec))
      case .arguments(let arguments):
        return success(try command.run(arguments, emit: emit))
      }
    } catch let error as CommandError {
      return failure(error, usage: error.exitCode == .usage ? usage : nil)
    } catch let error as KelvinError {
      return failure(.data(error.description), usage: nil)
    } catch let error as KelvinIOError {
      return failure(CommandError(error), usage: nil)
    } catch {
      return failure(CommandError(.ioError, "\(error)"), usage: nil)
    }
  }

  static func success(_ output: String) -> CommandOutcome {
    CommandOutcome(exitCode: .success, standardOutput: output, standardError: "")
  }

  /// One line on stderr: `Error: <what>`, and for usage errors a pointer to the help.
  static func failure(_ error: CommandError, usage: String?) -> CommandOutcome {
    var message = "Error: \(error.message)"
    if let usage { message += " (\(usage))" }
    message += "\n"
    return CommandOutcome(exitCode: error.exitCode, standardOutput: "", standardError: message)
  }
}
