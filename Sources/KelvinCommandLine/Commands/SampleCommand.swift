import Kelvin

/// `kelvin sample`: draws tokens with a sampler chain and a seed.
public enum SampleCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "sample",
    abstract: "Draw tokens from a sampler chain with a seed, with their log-probabilities.",
    discussion: """
      --count N makes N independent draws from the same input: draw i uses the random stream \
      of step i (so the stream continues from draw to draw) while stateful processors start \
      every draw from the same state. logprobs are under the model's raw distribution (τ = 1, \
      nothing truncated), as APIs report them; processed_logprobs under the final distribution \
      the draw used. --top-logprobs K lists the K most likely tokens under the raw distribution.
      """,
    options: ChainOptions.options + [
      .value("count", "N", help: "Number of draws.", default: "1"),
      .value("top-logprobs", "K", help: "Alternatives to list per draw.", default: "0"),
      .format,
    ],
    examples: [
      "kelvin sample --logits 2,1,0.5,0.1 --chain 'temperature=0.7;dist' --seed 42 --count 5",
      "kelvin sample --input logits.npy --row 3 --preset llama --seed 1 --top-logprobs 3 --format json",
    ])

  /// Draws and prints the tokens.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let count = try ValueParsing.count(arguments.required("count"), flag: "count")
    let topText = try arguments.required("top-logprobs")
    guard let topK = Int(topText.trimmingWhitespace()), topK >= 0 else {
      throw CommandError.usage("--top-logprobs must be a whole number ≥ 0, got '\(topText)'")
    }
    let input = try ChainOptions.logits(arguments)
    let logits = input.values.map(Float.init)
    let base = try ChainOptions.chain(arguments, vocabularySize: logits.count)
    let draws: [SampledToken] = try ChainOptions.run(input.origin) {
      try logits.withUnsafeBufferPointer { buffer in
        try (0..<count).map { index in
          var chain = base
          chain.step = UInt64(index)
          return try chain.draw(buffer, topLogprobs: topK)
        }
      }
    }
    switch format {
    case .json:
      var members: [(String, JSONValue)] = [
        ("chain", .string(base.specification)), ("seed", .string(String(base.seed))),
        ("tokens", .array(draws.map { .integer($0.token) })),
        ("logprobs", .numbers(draws.map { $0.rawLogprob ?? .nan })),
        ("processed_logprobs", .numbers(draws.map { $0.logprob ?? .nan })),
      ]
      if topK > 0 {
        members.append(
          (
            "top_logprobs",
            .array(
              draws.map { draw in
                .array(
                  draw.topLogprobs.map {
                    .object([("token", .integer($0.token)), ("logprob", .number($0.logprob))])
                  })
              })
          ))
      }
      return JSONValue.object(members).serialized + "\n"
    case .table:
      let text = "chain: \(base.specification)\nseed: \(base.seed)\n\n"
      var header = ["draw", "token", "logprob", "processed logprob"]
      if topK > 0 { header.append("top logprobs (raw)") }
      var table = [header]
      for (index, draw) in draws.enumerated() {
        var row = [
          String(index), String(draw.token),
          TextFormatting.fixed(draw.rawLogprob ?? .nan, decimals: 6),
          TextFormatting.fixed(draw.logprob ?? .nan, decimals: 6),
        ]
        if topK > 0 {
          row.append(
            draw.topLogprobs.map { "\($0.token):\(TextFormatting.fixed($0.logprob, decimals: 4))" }
              .joined(separator: " "))
        }
        table.append(row)
      }
      return text + TextFormatting.table(table, leftAligned: 0)
    }
  }
}
