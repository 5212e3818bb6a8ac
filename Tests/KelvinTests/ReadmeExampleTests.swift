import Foundation
import Kelvin
import Testing

/// The README's library example, compiled and run.
///
/// The README cannot drift from the API this way. Expected values follow from the definitions
/// (τ = 0 is one-hot on the unique maximum).
@Suite("README example")
struct ReadmeExampleTests {
  @Test("the library example compiles and gives the documented results")
  func libraryExample() throws {
    let logits: [Float] = [2.0, 1.0, 0.5, 0.1]
    let p = try logits.softmax(temperature: 0.7)
    let logP = try logits.logSoftmax(temperature: 0.7)
    let logZ = try logits.logSumExp(temperature: 0.7)
    let greedy = try logits.softmax(temperature: 0)
    let h = try entropy(of: p)
    let kl = try klDivergence(p, try logits.softmax(temperature: 2))
    #expect(abs(p.reduce(0, +) - 1) < 1e-6)
    #expect(zip(p, logP).allSatisfy { abs(Double($0.0) - Foundation.exp(Double($0.1))) < 1e-6 })
    #expect(logZ > 2 / 0.7)  // log Σ exp(z/τ) exceeds max(z)/τ
    #expect(greedy == [1, 0, 0, 0])
    #expect(h > 0 && h < Foundation.log(4.0))
    #expect(kl > 0)

    var row: [Float] = [0.3, -1.2, 4.0]
    try row.withUnsafeMutableBufferPointer { try $0.formSoftmax(temperature: 0.5) }
    #expect(row[2] > 0.99)

    let system = try BoltzmannDistribution(energies: [0, 1, 1, 2], thermalEnergy: 0.5)
    #expect(abs(system.entropy - (system.meanEnergy - system.freeEnergy) / 0.5) < 1e-12)

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let logitsPath = folder.appendingPathComponent("logits.npy").path
    let input = try MatrixWriter(path: logitsPath, dimensions: [3, 4])
    for row in [[2.0, 1, 0.5, 0.1], [0, 0, 0, 0], [1, 2, 3, 4]] { try input.append(row) }
    try input.commit()

    let source = try MatrixFile.open(logitsPath)
    let third = try source.row(2)
    let probsPath = folder.appendingPathComponent("probs.npy").path
    let writer = try MatrixWriter(path: probsPath, dimensions: [source.columns])
    try writer.append(try third.softmax(temperature: 0.7))
    try writer.commit()
    #expect(third == [1, 2, 3, 4])
    #expect(try MatrixFile.open(probsPath).descriptor.dimensions == [4])

    var generator = Xoshiro256StarStar(seed: 42)
    let u = generator.nextUnitInterval()
    #expect(u >= 0 && u < 1)
  }
}
