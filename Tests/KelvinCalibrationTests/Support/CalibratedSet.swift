import Foundation
import KelvinCalibration
import KelvinCore

/// Synthetic data whose labels are drawn from softmax(z): perfectly calibrated by
/// construction.
func calibratedSet(count: Int, classes: Int, scale: Double, seed: UInt64) throws -> (
  logits: [[Double]], labels: [Int]
) {
  var generator = Xoshiro256StarStar(seed: seed)
  var logits: [[Double]] = []
  var labels: [Int] = []
  for _ in 0..<count {
    let z = (0..<classes).map { _ in 3 * (generator.nextUnitInterval() - 0.5) }
    let p = try z.softmax()
    let u = generator.nextUnitInterval()
    var cumulative = 0.0
    var label = classes - 1
    for (k, value) in p.enumerated() {
      cumulative += value
      if u < cumulative {
        label = k
        break
      }
    }
    logits.append(z.map { $0 * scale })
    labels.append(label)
  }
  return (logits, labels)
}
