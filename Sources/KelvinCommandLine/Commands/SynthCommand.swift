import Foundation
import Kelvin

/// `kelvin synth`: writes seeded random logits to a file, for benchmarks and experiments.
public enum SynthCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "synth",
    abstract: "Write seeded random logits, N(0, σ²), to a file (for benchmarks and experiments).",
    discussion: """
      Values come from Kelvin's xoshiro256** generator (seeded through SplitMix64) by the \
      Box–Muller transform, so the same seed gives the same file on every platform. Rows are \
      written as they are generated: any size works in constant memory.
      """,
    options: [
      .value("rows", "R", help: "Number of rows.", default: "1"),
      .value("vocab", "V", help: "Row length (the vocabulary size).", required: true),
      .value("sigma", "S", help: "Standard deviation σ of the logits.", default: "3"),
      .value("seed", "N", help: "Seed of the random generator.", default: "0"),
      .value(
        "output", "OUT", help: "The file to write (.npy, .safetensors, .json, .csv or .tsv).",
        required: true),
      .value("output-dtype", "dtype", help: "Element type: f2, f4 or f8.", default: "f4"),
      .format,
    ],
    examples: ["kelvin synth --rows 8192 --vocab 32768 --seed 1 --output logits.npy"])

  /// Generates and writes the file.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let rows = try ValueParsing.count(arguments.required("rows"), flag: "rows")
    let vocab = try ValueParsing.count(arguments.required("vocab"), flag: "vocab")
    let sigma = try ValueParsing.positiveFinite(arguments.required("sigma"), flag: "sigma")
    let seed = try ValueParsing.seed(arguments.required("seed"), flag: "seed")
    let dtype: SoftmaxCommand.OutputDType = try ValueParsing.choice(
      arguments.required("output-dtype"), flag: "output-dtype")
    let path = try arguments.required("output")
    var generator = Xoshiro256StarStar(seed: seed)
    var row = [Double](repeating: 0, count: vocab)
    try VectorInput.withFileErrors {
      let writer = try MatrixWriter(
        path: path, dimensions: [rows, vocab], elementType: dtype.elementType, tensorName: "logits")
      for _ in 0..<rows {
        for index in 0..<vocab { row[index] = sigma * gaussian(&generator) }
        try writer.append(row)
      }
      try writer.commit()
    }
    switch format {
    case .json:
      return JSONValue.object([
        ("output", .string(path)), ("rows", .integer(rows)), ("columns", .integer(vocab)),
        ("sigma", .number(sigma)), ("seed", .string(String(seed))),
        ("dtype", .string(dtype.elementType.rawValue)),
      ]).serialized + "\n"
    case .table:
      return "wrote \(rows) × \(vocab) logits ~ N(0, \(NumberFormatting.shortest(sigma))²), "
        + "seed \(seed), to \(path) (\(dtype.elementType.rawValue))\n"
    }
  }

  /// One standard normal draw by Box–Muller from two uniforms (the cosine branch only, so that
  /// every value costs exactly two draws and streams stay aligned).
  static func gaussian(_ generator: inout Xoshiro256StarStar) -> Double {
    let u1 = 1 - generator.nextUnitInterval()  // (0, 1]: log never sees 0
    let u2 = generator.nextUnitInterval()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }
}
