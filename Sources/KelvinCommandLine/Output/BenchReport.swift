import Kelvin

/// What `kelvin bench` prints: the median, min and max of the timed calls and the throughput.
enum BenchReport {
  static func write(
    _ times: [Double], workload: BenchWorkload, _ options: BenchCommand.Options,
    _ output: CommandOutput
  ) throws {
    let median = times[times.count / 2]
    let elements = Double(workload.vocabulary * workload.batch)
    let perElement = median * 1000 / elements
    let kind = workload.isChain ? "chain" : "op"
    switch options.format {
    case .json, .jsonl:
      try output.json(
        JSONValue.object([
          ("vocab", .integer(workload.vocabulary)), ("batch", .integer(workload.batch)),
          ("threads", .integer(options.threads)), (kind, .string(workload.name)),
          ("median_us", .number(median)), ("min_us", .number(times[0])),
          ("max_us", .number(times[times.count - 1])), ("iterations", .integer(options.iterations)),
          ("ns_per_element", .number(perElement)),
          ("elements_per_second", .number(elements / median * 1e6)),
        ]))
    case .table:
      let us = { (x: Double) in TextFormatting.fixed(x, decimals: 1) + " µs" }
      try output.write(
        TextFormatting.table(
          [
            [kind, workload.name], ["vocab × batch", "\(workload.vocabulary) × \(workload.batch)"],
            ["threads", String(options.threads)], ["median", us(median)], ["min", us(times[0])],
            ["max", us(times[times.count - 1])],
            ["per element", TextFormatting.fixed(perElement, decimals: 3) + " ns"],
            ["throughput", TextFormatting.fixed(elements / median, decimals: 1) + " M elements/s"],
          ], leftAligned: 2))
    }
  }
}
