"""From lead to lawful contact: call windows, call frequency, third-party location calls,
reassigned numbers and SCRA files (Regulation F, TCPA, 47 CFR 64.1200(m), SCRA)."""
