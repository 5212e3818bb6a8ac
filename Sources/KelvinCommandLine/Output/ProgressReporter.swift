import Dispatch
import Foundation
import Synchronization

/// A progress line on standard error for long work: the fraction done, the rate and the time
/// left, updated at most four times a second and only after the first second, from any thread.
///
/// Nothing is printed unless the output shows progress (standard error is a terminal and
/// `--quiet` was not given).
final class ProgressReporter: @unchecked Sendable {
  let label: String
  let unit: String
  let total: Int
  let output: CommandOutput
  let started = DispatchTime.now().uptimeNanoseconds
  /// When the line was last shown, and the units done.
  private let state = Mutex((lastShown: UInt64(0), done: 0))

  /// - Parameters:
  ///   - label: What is being done (`softmax`).
  ///   - total: How many units there are (rows, runs); 0 shows fractions only.
  ///   - unit: The units' name (`rows`).
  init(label: String, total: Int = 0, unit: String = "", output: CommandOutput) {
    self.label = label
    self.total = total
    self.unit = unit
    self.output = output
  }

  /// Counts `count` more units done.
  func advance(by count: Int = 1) {
    state.withLock { state in
      state.done += count
      show(fraction: total > 0 ? Double(state.done) / Double(total) : 0, &state)
    }
  }

  /// Reports a fraction done, for work counted by the library.
  func report(_ fraction: Double) {
    state.withLock { show(fraction: fraction, &$0) }
  }

  private func show(fraction: Double, _ state: inout (lastShown: UInt64, done: Int)) {
    guard output.showsProgress else { return }
    let now = DispatchTime.now().uptimeNanoseconds
    guard now - started > 1_000_000_000, now - state.lastShown > 250_000_000 || fraction >= 1
    else {
      return
    }
    state.lastShown = now
    let done = state.done
    let seconds = Double(now - started) / 1e9
    var text = "\(label): \(Int(fraction * 100))%"
    if total > 0 {
      text += " (\(done)/\(total) \(unit), \(Self.rate(Double(done) / seconds)) \(unit)/s"
      if fraction > 0 { text += ", \(Int((seconds / fraction - seconds).rounded())) s left" }
      text += ")"
    } else if fraction > 0 {
      text += " (\(Int((seconds / fraction - seconds).rounded())) s left)"
    } else if done > 0 {
      text = "\(label): \(done) \(unit) (\(Self.rate(Double(done) / seconds))/s)"
    }
    output.progress(text)
  }

  static func rate(_ value: Double) -> String {
    value >= 1e6 ? String(format: "%.1f M", value / 1e6) : String(format: "%.0f", value)
  }
}
