#!/usr/bin/env python3
"""Cross-checks Kelvin's calibration and distillation numbers against PyTorch and
torchmetrics on the same logits. Run by hand (never by CI) after `swift build -c release`:

    .venv/bin/pip install torch torchmetrics numpy
    .venv/bin/python tools/crosscheck/compare_calibration.py

Synthesises 3,000 examples of 10 classes whose labels are drawn from softmax(z), z ~ N(0, 2²),
then scales the logits by 3 (so the true τ is 3), and compares: ECE with
torchmetrics.MulticlassCalibrationError(n_bins=15, norm='l1'); the fitted temperature with
PyTorch LBFGS on the NLL; the distillation loss with
F.kl_div(F.log_softmax(s/T), F.softmax(t/T), reduction='batchmean')·T² (α = 1).
"""
import json
import os
import subprocess
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from torchmetrics.classification import MulticlassCalibrationError

KELVIN = os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "kelvin")


def kelvin(*args):
    return json.loads(subprocess.run([KELVIN, *args, "--format", "json"], check=True, capture_output=True, text=True).stdout)


def main():
    rng = np.random.default_rng(0)
    n, k = 3000, 10
    logits = rng.standard_normal((n, k)) * 2.0
    probs = np.exp(logits - logits.max(1, keepdims=True))
    probs /= probs.sum(1, keepdims=True)
    labels = np.array([rng.choice(k, p=p) for p in probs])
    logits = logits * 3.0  # over-confident: the true τ is 3
    folder = tempfile.mkdtemp()
    np.save(os.path.join(folder, "logits.npy"), logits)
    np.save(os.path.join(folder, "labels.npy"), labels.astype(np.int64))

    ours = kelvin("calibrate", "--logits", os.path.join(folder, "logits.npy"), "--labels", os.path.join(folder, "labels.npy"))
    z = torch.tensor(logits)
    y = torch.tensor(labels)
    ece = MulticlassCalibrationError(num_classes=k, n_bins=15, norm="l1")
    theirs_before = float(ece(torch.softmax(z, 1), y))
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.5, max_iter=200, tolerance_grad=1e-12, tolerance_change=1e-15, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = F.cross_entropy(z / torch.exp(log_t), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    tau = float(torch.exp(log_t).detach())
    theirs_after = float(MulticlassCalibrationError(num_classes=k, n_bins=15, norm="l1")(torch.softmax(z / tau, 1), y))
    print(f"temperature: kelvin {ours['temperature']:.8f}  torch LBFGS {tau:.8f}  |Δ| {abs(ours['temperature'] - tau):.2e}")
    print(f"ECE before:  kelvin {ours['before']['ece']:.8f}  torchmetrics {theirs_before:.8f}  |Δ| {abs(ours['before']['ece'] - theirs_before):.2e}")
    print(f"ECE after:   kelvin {ours['after']['ece']:.8f}  torchmetrics {theirs_after:.8f}  |Δ| {abs(ours['after']['ece'] - theirs_after):.2e}")

    student = rng.standard_normal((64, k))
    teacher = rng.standard_normal((64, k)) * 2
    np.save(os.path.join(folder, "s.npy"), student)
    np.save(os.path.join(folder, "t.npy"), teacher)
    for temperature in (1.0, 4.0, 20.0):
        mine = kelvin("kd-loss", "--student", os.path.join(folder, "s.npy"), "--teacher", os.path.join(folder, "t.npy"), "--temperature", str(temperature), "--alpha", "1")
        s = torch.tensor(student)
        t = torch.tensor(teacher)
        reference = float(F.kl_div(F.log_softmax(s / temperature, 1), F.softmax(t / temperature, 1), reduction="batchmean") * temperature**2)
        print(f"KD loss T={temperature:>4}: kelvin {mine['loss']:.10f}  torch {reference:.10f}  |Δ| {abs(mine['loss'] - reference):.2e}")


if __name__ == "__main__":
    main()
