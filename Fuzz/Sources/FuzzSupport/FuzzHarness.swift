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
      let names =
        format == .safetensors ? try MatrixFile.tensors(in: file).map(\.name) : [nil]
      for name in names {
        let source = try MatrixFile.open(file, format: format, tensor: name)
        _ = try TensorStatistics(source)
        if source.rows > 0 {
          _ = try source.row(source.rows - 1)
        }
        _ = try? source.readIntegers()
      }
    } catch {
      // Refusing a malformed file is the expected outcome.
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
