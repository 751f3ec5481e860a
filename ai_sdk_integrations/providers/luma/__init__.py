"""Luma AI (Dream Machine API): Photon image models and Ray video models."""
