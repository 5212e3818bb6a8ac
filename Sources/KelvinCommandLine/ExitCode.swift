/// The exit statuses of `kelvin`, from BSD's `sysexits.h`.
public enum ExitCode: Int32, Sendable {
  /// Success.
  case success = 0
  /// The command line was wrong: an unknown option, a missing or malformed value.
  case usage = 64
  /// The input data was wrong: a NaN logit, every token masked, a malformed file.
  case dataError = 65
  /// An input file does not exist or cannot be opened.
  case noInput = 66
  /// Reading or writing failed.
  case ioError = 74
  /// Standard output's reader closed the pipe while SIGPIPE was ignored: `kelvin` stops
  /// quietly with the status a shell gives a process that SIGPIPE ended (128 + 13). With
  /// SIGPIPE at its default the signal itself ends the process, with the same status.
  case brokenPipe = 141
  /// Interrupted by SIGHUP (128 + 1), after removing every unfinished output.
  case hangUp = 129
  /// Interrupted by SIGINT (Ctrl-C, 128 + 2), after removing every unfinished output.
  case interrupted = 130
  /// Terminated by SIGTERM (128 + 15), after removing every unfinished output.
  case terminated = 143
}

/// An error that ends a command with a message on stderr and a non-zero exit status.
public struct CommandError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The exit status to end with.
  public let exitCode: ExitCode
  /// One line naming the offending flag or value.
  public let message: String
  /// The option the error is about (`--temperature`), when there is one.
  public let flag: String?

  /// Creates an error with an exit status and a one-line message.
  public init(_ exitCode: ExitCode, _ message: String, flag: String? = nil) {
    self.exitCode = exitCode
    self.message = message
    self.flag = flag
  }

  /// A usage error (exit 64).
  public static func usage(_ message: String, flag: String? = nil) -> CommandError {
    CommandError(.usage, message, flag: flag)
  }

  /// A data error (exit 65).
  public static func data(_ message: String, flag: String? = nil) -> CommandError {
    CommandError(.dataError, message, flag: flag)
  }

  /// The message.
  public var description: String { message }
}
