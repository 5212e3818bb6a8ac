import Foundation
import Kelvin

/// `kelvin bench`: times Kelvin's kernels on seeded N(0, 3²) logits.
public enum BenchCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "bench",
    abstract: "Time a kernel on seeded N(0, 3²) logits: median, min and max µs per call.",
    discussion: """
      Inputs come from Kelvin's seeded generator, so every run times the same numbers. After \
      warm-up calls, each timed call runs the operation once on a fresh copy of the logits \
      row (the copy is not timed). Build with -c release; debug builds are far slower.
      """,
    options: [
      .value("op", "op", help: "The operation: softmax or log_softmax.", default: "softmax"),
      .value("vocab", "V", help: "Vocabulary size (row length).", default: "128256"),
      .value("temperature", "T", help: "Temperature τ.", default: "0.7"),
      .value("iterations", "N", help: "Timed calls.", default: "200"),
      .value("seed", "S", help: "Seed of the logits.", default: "0"),
      .format,
    ],
    examples: ["swift run -c release kelvin bench --op softmax --vocab 128256"])

  /// The operations `--op` accepts.
  enum Operation: String, CaseIterable {
    case softmax
    case logSoftmax = "log_softmax"
  }

  /// Runs the benchmark.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let operation: Operation = try ValueParsing.choice(arguments.required("op"), flag: "op")
    let vocab = try ValueParsing.count(arguments.required("vocab"), flag: "vocab")
    let iterations = try ValueParsing.count(arguments.required("iterations"), flag: "iterations")
    let temperature = try ValueParsing.temperature(
      arguments.required("temperature"), flag: "temperature")
    let seed = try ValueParsing.seed(arguments.required("seed"), flag: "seed")
    var generator = Xoshiro256StarStar(seed: seed)
    let logits = (0..<vocab).map { _ in Float(3 * SynthCommand.gaussian(&generator)) }
    var work = logits
    var times: [Double] = []
    for iteration in 0..<(iterations + max(3, iterations / 10)) {
      work.withUnsafeMutableBufferPointer { buffer in
        logits.withUnsafeBufferPointer { _ = buffer.initialize(from: $0) }
      }
      let start = DispatchTime.now().uptimeNanoseconds
      try work.withUnsafeMutableBufferPointer { buffer in
        switch operation {
        case .softmax: try buffer.formSoftmax(temperature: temperature)
        case .logSoftmax: try buffer.formLogSoftmax(temperature: temperature)
        }
      }
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
      if iteration >= max(3, iterations / 10) { times.append(elapsed) }
    }
    times.sort()
    let median = times[times.count / 2]
    let minimum = times[0]
    let maximum = times[times.count - 1]
    let perElement = median * 1000 / Double(vocab)
    switch format {
    case .json:
      return JSONValue.object([
        ("op", .string(operation.rawValue)), ("vocab", .integer(vocab)), ("batch", .integer(1)),
        ("threads", .integer(1)), ("temperature", .number(temperature)),
        ("median_us", .number(median)), ("min_us", .number(minimum)),
        ("max_us", .number(maximum)), ("iterations", .integer(iterations)),
        ("ns_per_element", .number(perElement)),
        ("elements_per_second", .number(Double(vocab) / median * 1e6)),
      ]).serialized + "\n"
    case .table:
      return TextFormatting.table(
        [
          ["op", operation.rawValue], ["vocab", String(vocab)],
          ["median", TextFormatting.fixed(median, decimals: 1) + " µs"],
          ["min", TextFormatting.fixed(minimum, decimals: 1) + " µs"],
          ["max", TextFormatting.fixed(maximum, decimals: 1) + " µs"],
          ["per element", TextFormatting.fixed(perElement, decimals: 3) + " ns"],
          [
            "throughput",
            TextFormatting.fixed(Double(vocab) / median, decimals: 1) + " M elements/s",
          ],
        ], leftAligned: 2)
    }
  }
}
