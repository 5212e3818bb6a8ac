import Dispatch
import Kelvin

/// `kelvin bench --op tokenize`: loading a `tokenizer.json`, then encoding and decoding a text
/// with it, each call timed.
enum TokenizeBenchmark {
  /// What one run measured.
  struct Figures {
    let tokenizer: String
    let text: String
    let bytes: Int
    let tokens: Int
    /// The number of texts encoded per call (1, or the lines with --lines).
    let texts: Int
    let loadMilliseconds: Double
    let encodeMicroseconds: [Double]
    let decodeMicroseconds: [Double]
    let roundTrips: Bool
  }

  /// Loads the tokenizer once, then times `iterations` encodes and decodes of the text.
  ///
  /// - Throws: File, tokenizer and usage errors.
  static func run(_ options: BenchCommand.Options, output: CommandOutput) throws -> Figures {
    guard let path = options.tokenizer else {
      throw CommandError.usage("--op tokenize needs --tokenizer <FILE>", flag: "--tokenizer")
    }
    guard let input = options.input else {
      throw CommandError.usage("--op tokenize needs --input <FILE> (UTF-8 text)", flag: "--input")
    }
    let text = try InputFile.text(
      of: input, invalid: "expected UTF-8 text")
    let start = DispatchTime.now().uptimeNanoseconds
    let tokenizer = try HuggingFaceTokenizer(contentsOf: path)
    let load = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    // One text, or each line its own (the newlines are not encoded then).
    let texts = options.lines ? text.split(separator: "\n").map(String.init) : [text]
    var ids: [[Int]] = []
    let timer = BenchmarkTimer(iterations: options.iterations)
    let encode = try timer.measure(
      output: output, prepare: {}, call: { ids = try texts.map { try tokenizer.encode($0) } })
    var decoded: [String] = []
    let decode = try timer.measure(
      output: output, prepare: {}, call: { decoded = try ids.map { try tokenizer.decode($0) } })
    return Figures(
      tokenizer: path, text: input, bytes: texts.reduce(0) { $0 + $1.utf8.count },
      tokens: ids.reduce(0) { $0 + $1.count }, texts: texts.count,
      loadMilliseconds: load, encodeMicroseconds: encode, decodeMicroseconds: decode,
      roundTrips: zip(decoded, texts).allSatisfy {
        Array($0.unicodeScalars) == Array($1.unicodeScalars)
      })
  }
}
