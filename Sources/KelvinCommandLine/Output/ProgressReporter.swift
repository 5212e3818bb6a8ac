import Foundation

/// Prints a progress line on stderr at each tenth, from any thread.
final class ProgressReporter: @unchecked Sendable {
  let label: String
  let output: CommandOutput
  let lock = NSLock()
  var shown = -1

  init(label: String, output: CommandOutput) {
    self.label = label
    self.output = output
  }

  /// Reports the fraction done; prints only when a new tenth is reached.
  func report(_ fraction: Double) {
    let tenth = Int(fraction * 10)
    lock.lock()
    defer { lock.unlock() }
    guard tenth > shown else { return }
    shown = tenth
    output.progress("\r\(label) \(tenth * 10)%   ")
  }
}
