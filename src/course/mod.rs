//! Course material for trainers: slides, handouts, answer keys and certificates.
