import Dispatch
import Foundation
import Kelvin

/// `kelvin bench`: times Kelvin's kernels and sampler chains on seeded N(0, 3²) logits.
public enum BenchCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "bench",
    abstract:
      "Time softmax, greedy or a sampler chain on seeded N(0, 3²) logits: median, min and max µs.",
    discussion: """
      Inputs come from Kelvin's seeded generator, so every run times the same numbers. After \
      warm-up calls, each timed call processes the whole batch once: --op softmax and \
      log_softmax transform a fresh copy of each row in place (the copy is not timed); --op \
      greedy and --chain draw one token per row, one chain per row (sequence = row), without \
      log-probabilities unless --logprobs is given. --threads splits the rows over \
      threads. Build with -c release; debug builds are far slower. A progress line goes to \
      stderr for runs longer than two seconds.
      """,
    options: [
      .value(
        "op", "op", help: "softmax, log_softmax or greedy (ignored with --chain).",
        default: "softmax"),
      .value("chain", "SPEC", help: "Time this sampler chain instead of --op."),
      .value("vocab", "V", help: "Vocabulary size (row length).", default: "128256"),
      .value("batch", "B", help: "Rows per call.", default: "1"),
      .value("threads", "T", help: "Threads the rows are split over.", default: "1"),
      .value(
        "temperature", "T", help: "Temperature of --op softmax and log_softmax.", default: "0.7"),
      .value("iterations", "N", help: "Timed calls.", default: "200"),
      .value("seed", "S", help: "Seed of the logits.", default: "0"),
      .value(
        "input", "FILE",
        help:
          "Time on the first --batch rows of this file instead of generated logits (the vocabulary is its row length)."
      ),
      .flag("logprobs", help: "With --chain or greedy, also compute the log-probabilities."),
      .format,
    ],
    examples: [
      "swift run -c release kelvin bench --op softmax --vocab 128256",
      "swift run -c release kelvin bench --chain 'temperature=0.7;top_k=40;top_p=0.95;min_p=0.05;dist'",
      "swift run -c release kelvin bench --op softmax --batch 32 --threads 2",
    ])

  /// The operations `--op` accepts.
  enum Operation: String, CaseIterable {
    case softmax
    case logSoftmax = "log_softmax"
    case greedy
  }

  /// Runs the benchmark.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let operation: Operation = try ValueParsing.choice(arguments.required("op"), flag: "op")
    var vocab = try ValueParsing.count(arguments.required("vocab"), flag: "vocab")
    let batch = try ValueParsing.count(arguments.required("batch"), flag: "batch")
    let threads = try ValueParsing.count(arguments.required("threads"), flag: "threads")
    let iterations = try ValueParsing.count(arguments.required("iterations"), flag: "iterations")
    let temperature = try ValueParsing.temperature(
      arguments.required("temperature"), flag: "temperature")
    let seed = try ValueParsing.seed(arguments.required("seed"), flag: "seed")
    let raw = arguments.isGiven("logprobs")
    let specification = arguments.value("chain") ?? (operation == .greedy ? "greedy" : nil)

    var logits: [Float]
    if arguments.isGiven("input") {
      let path = try arguments.required("input")
      let source = try VectorInput.withFileErrors { try MatrixFile.open(path) }
      guard source.rows >= batch, source.columns > 0 else {
        throw CommandError.usage(
          "--batch \(batch) needs that many rows; \(source.path) holds \(source.rows)")
      }
      vocab = source.columns
      logits = [Float](repeating: 0, count: vocab * batch)
      try VectorInput.withFileErrors {
        try logits.withUnsafeMutableBufferPointer { try source.readRows(0..<batch, into: $0) }
      }
    } else {
      var generator = Xoshiro256StarStar(seed: seed)
      logits = (0..<(vocab * batch)).map { _ in Float(3 * SynthCommand.gaussian(&generator)) }
    }
    let workload: Workload
    if let specification {
      do {
        let chains = try (0..<batch).map {
          try SamplerChain(specification: specification, seed: seed, sequence: UInt64($0))
        }
        workload = ChainWorkload(logits: logits, vocab: vocab, chains: chains, rawLogprobs: raw)
      } catch let error as SamplingError {
        throw CommandError.usage("--chain: \(error)")
      }
    } else {
      workload = SoftmaxWorkload(
        logits: logits, vocab: vocab, temperature: temperature, logarithm: operation == .logSoftmax)
    }

    let warmup = max(3, iterations / 10)
    var times: [Double] = []
    let started = DispatchTime.now().uptimeNanoseconds
    var lastReport = started
    for iteration in 0..<(iterations + warmup) {
      workload.prepare()
      let start = DispatchTime.now().uptimeNanoseconds
      try workload.run(threads: threads)
      let end = DispatchTime.now().uptimeNanoseconds
      if iteration >= warmup { times.append(Double(end - start) / 1000) }
      if end - started > 2_000_000_000, end - lastReport > 1_000_000_000 {
        StandardStreams.write("bench: \(iteration + 1)/\(iterations + warmup) calls\r", to: .error)
        lastReport = end
      }
    }
    if lastReport != started { StandardStreams.write("\n", to: .error) }
    times.sort()
    let median = times[times.count / 2]
    let name = specification ?? operation.rawValue
    let perElement = median * 1000 / Double(vocab * batch)
    switch format {
    case .json:
      return JSONValue.object([
        ("vocab", .integer(vocab)), ("batch", .integer(batch)), ("threads", .integer(threads)),
        (specification == nil ? "op" : "chain", .string(name)),
        ("median_us", .number(median)), ("min_us", .number(times[0])),
        ("max_us", .number(times[times.count - 1])), ("iterations", .integer(iterations)),
        ("ns_per_element", .number(perElement)),
        ("elements_per_second", .number(Double(vocab * batch) / median * 1e6)),
      ]).serialized + "\n"
    case .table:
      return TextFormatting.table(
        [
          [specification == nil ? "op" : "chain", name], ["vocab × batch", "\(vocab) × \(batch)"],
          ["threads", String(threads)],
          ["median", TextFormatting.fixed(median, decimals: 1) + " µs"],
          ["min", TextFormatting.fixed(times[0], decimals: 1) + " µs"],
          ["max", TextFormatting.fixed(times[times.count - 1], decimals: 1) + " µs"],
          ["per element", TextFormatting.fixed(perElement, decimals: 3) + " ns"],
          [
            "throughput",
            TextFormatting.fixed(Double(vocab * batch) / median, decimals: 1) + " M elements/s",
          ],
        ], leftAligned: 2)
    }
  }
}

/// One timed unit of work.
protocol Workload: AnyObject {
  /// Untimed set-up before each call.
  func prepare()
  /// The timed call.
  func run(threads: Int) throws
}

/// Splits `count` rows over `threads` threads, handing each thread the next row when it is
/// free; serial when one thread. (Every row has its own chain, so results do not depend on
/// which thread takes it.)
func forEachRow(_ count: Int, threads: Int, _ body: @Sendable (Int) throws -> Void) throws {
  if threads <= 1 {
    for row in 0..<count { try body(row) }
    return
  }
  let failure = FailureBox()
  let rows = RowCounter(count)
  // Rows are handed out one at a time, so a thread that the system slows down takes fewer.
  DispatchQueue.concurrentPerform(iterations: threads) { _ in
    while let row = rows.next() {
      do { try body(row) } catch { failure.record(error) }
    }
  }
  if let error = failure.error { throw error }
}

/// Hands out the row indices `0..<count` once each, to any thread.
final class RowCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var following = 0
  private let count: Int

  init(_ count: Int) { self.count = count }

  /// The next row, or `nil` when every row has been handed out.
  func next() -> Int? {
    lock.withLock {
      guard following < count else { return nil }
      defer { following += 1 }
      return following
    }
  }
}

/// The first error thrown on any thread.
final class FailureBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Error?
  var error: Error? { lock.withLock { stored } }
  func record(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}

/// softmax or log-softmax of every row, in place.
final class SoftmaxWorkload: Workload {
  let logits: [Float]
  let vocab: Int
  let temperature: Double
  let logarithm: Bool
  var work: [Float]

  init(logits: [Float], vocab: Int, temperature: Double, logarithm: Bool) {
    self.logits = logits
    self.vocab = vocab
    self.temperature = temperature
    self.logarithm = logarithm
    self.work = logits
  }

  func prepare() {
    work.withUnsafeMutableBufferPointer { target in
      logits.withUnsafeBufferPointer { _ = target.initialize(from: $0) }
    }
  }

  func run(threads: Int) throws {
    let vocab = vocab
    let temperature = temperature
    let logarithm = logarithm
    try work.withUnsafeMutableBufferPointer { buffer in
      nonisolated(unsafe) let rows = buffer
      try forEachRow(buffer.count / vocab, threads: threads) { row in
        let slice = UnsafeMutableBufferPointer(rebasing: rows[(row * vocab)..<((row + 1) * vocab)])
        if logarithm {
          try slice.formLogSoftmax(temperature: temperature)
        } else {
          try slice.formSoftmax(temperature: temperature)
        }
      }
    }
  }
}

/// One draw per row, one chain per row.
final class ChainWorkload: Workload {
  let logits: [Float]
  let vocab: Int
  var chains: [SamplerChain]
  let rawLogprobs: Bool

  init(logits: [Float], vocab: Int, chains: [SamplerChain], rawLogprobs: Bool) {
    self.logits = logits
    self.vocab = vocab
    self.chains = chains
    self.rawLogprobs = rawLogprobs
  }

  func prepare() {}

  func run(threads: Int) throws {
    let vocab = vocab
    let raw = rawLogprobs
    try logits.withUnsafeBufferPointer { inputBuffer in
      nonisolated(unsafe) let input = inputBuffer
      try chains.withUnsafeMutableBufferPointer { chainBuffer in
        nonisolated(unsafe) let chains = chainBuffer
        try forEachRow(chains.count, threads: threads) { row in
          let slice = UnsafeBufferPointer(rebasing: input[(row * vocab)..<((row + 1) * vocab)])
          _ = try chains[row].draw(slice, logprobs: raw)
        }
      }
    }
  }
}
