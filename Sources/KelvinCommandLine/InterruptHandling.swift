import Dispatch
import Foundation
import Kelvin

/// SIGINT, SIGTERM and SIGHUP end `kelvin` after removing every unfinished output, with one
/// line on stderr and the status a shell gives a process that signal ended (130, 143, 129).
enum InterruptHandling {
  static let signals: [(Int32, String, ExitCode)] = [
    (SIGINT, "SIGINT", .interrupted), (SIGTERM, "SIGTERM", .terminated),
    (SIGHUP, "SIGHUP", .hangUp),
  ]

  /// Installs the handlers; the returned sources must stay alive.
  static func install() -> [any DispatchSourceSignal] {
    let queue = DispatchQueue(label: "kelvin.signals")
    // On a terminal the line starts afresh (after a progress line or streamed text).
    let start = isatty(STDERR_FILENO) == 1 ? "\n" : ""
    return signals.map { number, name, code in
      signal(number, SIG_IGN)  // delivered to the source instead of ending the process
      let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
      source.setEventHandler {
        AtomicOutputFile.removeUnfinished()
        let line = start + "Error: interrupted by \(name); unfinished outputs removed\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        _exit(code.rawValue)
      }
      source.resume()
      return source
    }
  }
}
