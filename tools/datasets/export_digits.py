#!/usr/bin/env python3
"""Exports the UCI "Optical Recognition of Handwritten Digits" data (8×8 images, 1,797
samples, licence CC BY 4.0) from the copy scikit-learn ships, to
Sources/KelvinCalibration/Resources/digits.csv: one sample per line, 64 pixel values (0–16)
then the label (0–9), in scikit-learn's order. Run by hand, once:

    python3 -m venv .venv && .venv/bin/pip install scikit-learn==1.9.1
    .venv/bin/python tools/datasets/export_digits.py
"""
import os

from sklearn.datasets import load_digits

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "KelvinCalibration", "Resources", "digits.csv")
digits = load_digits()
with open(OUT, "w") as f:
    for pixels, label in zip(digits.data.astype(int), digits.target):
        f.write(",".join(map(str, pixels)) + f",{label}\n")
print(f"wrote {len(digits.target)} samples to {os.path.normpath(OUT)}")
