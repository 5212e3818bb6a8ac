import Foundation
import KelvinCalibration
import KelvinCore
import KelvinIO
import Testing

@Suite("labelled logits in files")
struct LabelledLogitsTests {
  static func write(_ logits: [[Double]], _ labels: [Int]) throws -> (String, String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ll-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let logitsPath = folder.appendingPathComponent("z.npy").path
    let labelsPath = folder.appendingPathComponent("y.csv").path
    let writer = try MatrixWriter(
      path: logitsPath, dimensions: [logits.count, logits[0].count], elementType: .float64)
    for row in logits { try writer.append(row) }
    try writer.commit()
    let text = labels.map(String.init).joined(separator: "\n") + "\n"
    #expect(FileManager.default.createFile(atPath: labelsPath, contents: Data(text.utf8)))
    return (logitsPath, labelsPath)
  }

  @Test("the streamed fit and metrics equal the in-memory ones")
  func streamedEqualsInMemory() throws {
    let data = try calibratedSet(count: 1500, classes: 4, scale: 2, seed: 21)
    let (logitsPath, labelsPath) = try Self.write(data.logits, data.labels)
    let file = try LabelledLogits(logitsPath: logitsPath, labelsPath: labelsPath)
    let streamed = try CalibrationStudy(file, bins: 15, binning: .equalWidth)
    let memory = try TemperatureScaling(logits: data.logits, labels: data.labels)
    #expect(abs(streamed.fit.temperature - memory.temperature) < 1e-12)
    let after = CalibrationMetrics(
      probabilities: try calibratedProbabilities(data.logits, temperature: memory.temperature),
      labels: data.labels)
    #expect(abs(streamed.after.expectedCalibrationError - after.expectedCalibrationError) < 1e-9)
    let equalMass = try CalibrationStudy(file, bins: 10, binning: .equalMass)
    #expect(equalMass.after.bins.map(\.count).reduce(0, +) == 1500)
  }

  @Test("labels that do not fit the logits are refused naming the file")
  func checks() throws {
    let (logitsPath, labelsPath) = try Self.write([[1, 2], [3, 4], [0, 0]], [0, 2, 1])
    #expect(throws: KelvinIOError.malformed(labelsPath, "label 1 is 2, outside 0…1")) {
      try LabelledLogits(logitsPath: logitsPath, labelsPath: labelsPath)
    }
    let (one, oneLabel) = try Self.write([[1, 2]], [0])
    #expect(throws: KelvinIOError.self) {
      try LabelledLogits(logitsPath: one, labelsPath: oneLabel)
    }
  }

  @Test("the fit's limit is reported: separable data goes to τ → 0, uninformative to τ → ∞")
  func limits() throws {
    let separable = try TemperatureScaling(
      logits: [[3, 0], [0, 3], [2, 0], [0, 5]], labels: [0, 1, 0, 1])
    #expect(separable.limit == .zeroTemperature)
    // Labels that go against the logits: the NLL falls as the logits are flattened away.
    let against = try TemperatureScaling(
      logits: [[3, 0], [0, 3], [2, 0], [0, 5]], labels: [0, 0, 0, 0])
    #expect(against.limit == .infiniteTemperature)
    let data = try calibratedSet(count: 500, classes: 3, scale: 1, seed: 2)
    #expect(try TemperatureScaling(logits: data.logits, labels: data.labels).limit == nil)
  }
}
