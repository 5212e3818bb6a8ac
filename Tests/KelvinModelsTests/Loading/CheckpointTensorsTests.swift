import Foundation
import KelvinIO
import Testing

@testable import KelvinModels

@Suite("checkpoint tensors")
struct CheckpointTensorsTests {
  static func path(_ name: String) throws -> String {
    let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return root.appendingPathComponent(name).appendingPathComponent("model.safetensors").path
  }

  @Test("tensors by name, with or without the transformer. prefix; bf16 read as Float exactly")
  func lookup() throws {
    let gpt2 = try CheckpointTensors(path: try Self.path("gpt2-tiny"))
    let norm = try gpt2.floats("ln_f.weight", shape: [48])
    #expect(norm == (try gpt2.floats("transformer.ln_f.weight", shape: [48])))
    let bf16 = try CheckpointTensors(path: try Self.path("mistral-bf16-tiny"))
    let values = try bf16.floats("model.norm.weight", shape: [32])
    // A bf16 value is a Float whose low 16 bits are zero.
    #expect(values.allSatisfy { $0.bitPattern & 0xFFFF == 0 })
  }

  @Test("a missing tensor and a wrong shape are errors naming the tensor and the shapes")
  func refusals() throws {
    let path = try Self.path("gpt2-tiny")
    let tensors = try CheckpointTensors(path: path)
    #expect(throws: KelvinIOError.malformed(path, "the tensor h.9.ln_1.weight is missing")) {
      try tensors.floats("h.9.ln_1.weight", shape: [48])
    }
    #expect(
      throws: KelvinIOError.malformed(
        path, "the tensor transformer.ln_f.weight has shape [48], expected [49]")
    ) {
      try tensors.floats("ln_f.weight", shape: [49])
    }
  }

  @Test("weights beyond the memory limit are refused before any tensor is read")
  func memoryLimit() throws {
    let path = try Self.path("gpt2-tiny")
    #expect(throws: KelvinIOError.self) { try CheckpointTensors(path: path, limit: 1_000) }
    do {
      _ = try CheckpointTensors(path: path, limit: 1_000)
    } catch {
      #expect("\(error)".contains("more than the limit of 1000 bytes"))
    }
    _ = try CheckpointTensors(path: path)
  }
}
