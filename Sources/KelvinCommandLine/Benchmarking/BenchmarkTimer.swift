import Dispatch

/// Times repeated calls: warm-up calls first, then `iterations` timed ones.
struct BenchmarkTimer {
  /// Timed calls.
  let iterations: Int

  /// Untimed calls before timing: a tenth of the timed ones, at least 3.
  var warmup: Int { max(3, iterations / 10) }

  /// The sorted durations, in µs, of the timed calls of `call`, each after an untimed
  /// `prepare`; a progress line goes to `output` for runs longer than two seconds.
  func measure(
    output: CommandOutput, prepare: () -> Void, call: () throws -> Void
  ) throws -> [Double] {
    var times: [Double] = []
    times.reserveCapacity(iterations)
    let started = DispatchTime.now().uptimeNanoseconds
    var lastReport = started
    for iteration in 0..<(iterations + warmup) {
      prepare()
      let start = DispatchTime.now().uptimeNanoseconds
      try call()
      let end = DispatchTime.now().uptimeNanoseconds
      if iteration >= warmup { times.append(Double(end - start) / 1000) }
      if end - started > 2_000_000_000, end - lastReport > 1_000_000_000 {
        output.progress("bench: \(iteration + 1)/\(iterations + warmup) calls")
        lastReport = end
      }
    }
    output.endProgress()
    return times.sorted()
  }
}

extension Duration {
  /// The duration in milliseconds.
  var milliseconds: Double {
    Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15
  }
}
