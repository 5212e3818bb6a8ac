import Foundation
import Kelvin

/// Writes the input to a file in /dev/shm (or the temporary folder) and reads it completely:
/// every tensor, as floats and, for labels, as integers; then inspects statistics.
public enum FuzzHarness {
  static let path: String = {
    let folder =
      FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return "\(folder)/kelvin-fuzz-\(getpid())"
  }()

  /// Writes `data` to a file and reads it as `format`, ignoring the errors it is refused with.
  public static func run(_ data: Data, format: MatrixFileFormat) {
    let file = path + "." + format.rawValue
    guard FileManager.default.createFile(atPath: file, contents: data) else { return }
    defer { try? FileManager.default.removeItem(atPath: file) }
    do {
      for source in try MatrixFile.openAll(file, format: format) {
        checkWork(source, fileSize: data.count)
        _ = try TensorStatistics(source)
        if source.rows > 0 {
          _ = try source.row(source.rows - 1)
        }
        _ = try? source.readIntegers()
        try roundTrip(source)
      }
    } catch {
      // Refusing a malformed file is the expected outcome.
    }
  }

  /// A finding when an accepted file announces more values than it can hold: every value of
  /// a binary tensor is stored in the file and every value of a text file takes a byte, so
  /// the values never exceed the file's bytes; reading them as doubles then needs at most 8×
  /// the file (well under the 64× that counts as a finding), and readers take a block at a time.
  static func checkWork(_ source: any MatrixSource, fileSize: Int) {
    let values = source.descriptor.rows.multipliedReportingOverflow(by: source.descriptor.columns)
    guard !values.overflow, values.partialValue <= max(1, fileSize) else {
      fatalError("finding: a \(fileSize)-byte file announces \(source.descriptor.dimensions)")
    }
  }

  /// Writes what was read to every format and reads it back: the values must come back
  /// exactly (as float64), NaN for NaN. A finding otherwise.
  static func roundTrip(_ source: any MatrixSource) throws {
    let values = try source.allValues()
    guard values.count <= 100_000, source.rows > 0, source.columns > 0 else { return }
    for format in MatrixFileFormat.allCases {
      let output = path + ".out." + format.rawValue
      defer { try? FileManager.default.removeItem(atPath: output) }
      let writer = try MatrixWriter(
        path: output, dimensions: [source.rows, source.columns], elementType: .float64)
      for row in 0..<source.rows {
        try writer.append(Array(values[(row * source.columns)..<((row + 1) * source.columns)]))
      }
      try writer.commit()
      let back = try MatrixFile.open(output).allValues()
      guard back.count == values.count,
        zip(back, values).allSatisfy({ $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
      else {
        fatalError("finding: \(format.rawValue) did not give back what was written")
      }
    }
  }

  /// Parses `data`, read as UTF-8 (invalid bytes replaced), as a chain, policies and a
  /// schedule; a built chain also runs one draw, so every parameter the grammar accepts is
  /// exercised by its processor.
  public static func parseSpecification(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    do {
      var chain = try SamplerChain(specification: text, seed: 1)
      let logits: [Float] = [2, 1, 0.5, -.infinity, 0.1, 3, 3]
      _ = try logits.withUnsafeBufferPointer { try chain.sample($0, topLogprobs: 2) }
    } catch {
      // Refusing a malformed specification, or a chain that bans every token, is expected.
    }
    do { _ = try PolicySpecification.parse(text) } catch {}
    do { _ = try PolicySpecification.schedule(text) } catch {}
  }

  /// Reads `data` as each input of constrained decoding: a generation config, a vocabulary
  /// file and a JSON Schema (their readers treat every field as hostile), and, as UTF-8 text,
  /// a regular expression compiled (with small automaton limits, so that each input stays
  /// fast) over a byte-level vocabulary and walked a few tokens, with the schema's pattern too.
  public static func parseConstraintInputs(_ data: Data) {
    let bytes = [UInt8](data)
    do { _ = try GenerationConfig(json: bytes, path: "fuzz").chain() } catch {}
    do { _ = try VocabularyFile.read(json: bytes, path: "fuzz", endOfSequence: "</s>") } catch {}
    var patterns = [String(decoding: data, as: UTF8.self)]
    do { patterns.append(try JSONSchemaPattern.pattern(json: bytes, path: "fuzz")) } catch {}
    for pattern in patterns {
      do {
        var constraint = try RegexConstraint(
          pattern: pattern, vocabulary: constraintVocabulary,
          limits: ByteDFA.Limits(nfaStates: 20_000, dfaStates: 500))
        for _ in 0..<8 {
          guard let token = constraint.allowedTokens.tokens.last else { break }
          constraint.accept(token)
        }
      } catch {
        // Refusing a pattern outside the subset or beyond the limits is expected.
      }
    }
  }

  /// Every byte, a few multi-byte pieces (one splitting é), and an end of sequence.
  static let constraintVocabulary: TokenVocabulary = {
    let tokens = (0...255).map { [UInt8($0)] } + [[0x61, 0x62], [0x63, 0xC3], [0xA9], []]
    do {
      return try TokenVocabulary(tokens: tokens, endOfSequence: tokens.count - 1)
    } catch {
      fatalError("the fuzz vocabulary is valid: \(error)")
    }
  }()

  /// Runs libFuzzer's driver (command-line parsing and the fuzzing loop) with `callback` as the
  /// per-input function; called from each target's entry point.
  public static func main(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
  ) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, callback)
  }
}

/// libFuzzer's driver, which parses the command line and runs the fuzzing loop.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt
