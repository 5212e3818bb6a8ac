import Dispatch
import Foundation
import Kelvin

/// `kelvin bench --op model --model DIR`: loading a checkpoint, prefilling a prompt and
/// decoding greedily with its key-value cache, each timed.
enum ModelBenchmark {
  /// What one run measured.
  struct Figures {
    let model: String
    let parameters: Int
    let loadMilliseconds: Double
    let promptTokens: Int
    let decodeTokens: Int
    /// Per run: the prompt's evaluation to its first logits, in µs.
    let prefillMicroseconds: [Double]
    /// Per run: the decoded tokens after the first, in µs.
    let decodeMicroseconds: [Double]
    /// The process's peak resident memory (Linux `VmHWM`), in bytes, if the system says.
    let peakResidentBytes: Int?
  }

  /// Loads the model, then `runs` times: a fresh cache prefilled with the prompt (the first
  /// half of the positions' worth of the bundled held-out text), then greedy decoding to the
  /// last position.
  ///
  /// - Throws: Loading and usage errors.
  static func run(_ options: BenchCommand.Options, output: CommandOutput) throws -> Figures {
    guard let directory = options.modelDirectory else {
      throw CommandError.usage("--op model needs --model <DIR>", flag: "--model")
    }
    let start = DispatchTime.now().uptimeNanoseconds
    let loaded = try DecodingModel(directory: directory)
    let load = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    guard let configuration = loaded.checkpoint?.configuration else {
      throw CommandError.usage("--op model needs a checkpoint directory", flag: "--model")
    }
    let positions = min(configuration.maximumPositions, 512)
    let text = try BuiltInModel.heldOutText()
    let prompt = Array(try loaded.encode(text, what: "the held-out text").prefix(positions / 2))
    let decodeCount = positions - prompt.count - 1
    var prefill: [Double] = []
    var decode: [Double] = []
    var logits: [Float] = []
    let runs = max(1, min(options.iterations, 20))
    for _ in 0..<runs {
      var model = loaded.model
      let began = DispatchTime.now().uptimeNanoseconds
      try model.logits(after: prompt, into: &logits)
      let prefilled = DispatchTime.now().uptimeNanoseconds
      var context = prompt
      for _ in 0..<decodeCount {
        var best = 0
        for token in logits.indices where logits[token] > logits[best] { best = token }
        context.append(best)
        try model.logits(after: context, into: &logits)
      }
      let finished = DispatchTime.now().uptimeNanoseconds
      prefill.append(Double(prefilled - began) / 1e3)
      decode.append(Double(finished - prefilled) / 1e3)
    }
    return Figures(
      model: directory, parameters: parameterCount(configuration), loadMilliseconds: load,
      promptTokens: prompt.count, decodeTokens: decodeCount, prefillMicroseconds: prefill.sorted(),
      decodeMicroseconds: decode.sorted(), peakResidentBytes: peakResidentBytes())
  }

  /// The parameters a configuration implies (embeddings, blocks, norms, an untied output).
  static func parameterCount(_ c: ModelConfiguration) -> Int {
    let d = c.hiddenSize
    let q = c.heads * c.headSize
    let kv = c.keyValueHeads * c.headSize
    let f = c.intermediateSize
    if c.architecture == .gpt2 {
      let block = 4 * d + (3 * d * d + 3 * d) + (d * d + d) + (f * d + f) + (d * f + d)
      return c.vocabularySize * d + c.maximumPositions * d + c.layers * block + 2 * d
    }
    let biases = c.hasAttentionBias ? q + 2 * kv : 0
    let block = 2 * d + d * q + 2 * d * kv + q * d + biases + 3 * d * f
    let output = c.tiesEmbeddings ? 0 : c.vocabularySize * d
    return c.vocabularySize * d + c.layers * block + d + output
  }

  /// `VmHWM` of /proc/self/status, in bytes; nil where there is none.
  static func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return nil }
    return kilobytes * 1024
  }
}
