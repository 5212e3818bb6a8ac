import Foundation
import KelvinCalibration
import KelvinCore
import Testing

@Suite("the bundled classifier")
struct ClassifierTests {
  @Test("the splits are fixed and disjoint in size; seeded training is reproducible")
  func reproducible() throws {
    let (train, validation, test) = try Digits.splits()
    #expect(train.count == 1000 && validation.count == 397 && test.count == 400)
    #expect(Set(train.labels) == Set(0..<10))
    var a = Classifier(inputs: 64, hidden: 8, classes: 10, seed: 5)
    var b = Classifier(inputs: 64, hidden: 8, classes: 10, seed: 5)
    let small = LabelledData(
      features: Array(train.features.prefix(200)), labels: Array(train.labels.prefix(200)),
      classCount: 10)
    try Trainer(seed: 3).train(
      &a, on: small, epochs: 3, lossGradient: Trainer.crossEntropy(labels: small.labels))
    try Trainer(seed: 3).train(
      &b, on: small, epochs: 3, lossGradient: Trainer.crossEntropy(labels: small.labels))
    #expect(a.parameters == b.parameters)
  }
}
