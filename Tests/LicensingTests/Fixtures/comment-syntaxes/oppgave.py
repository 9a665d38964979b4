#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2024 Kari Nordmann
# SPDX-License-Identifier: CC-BY-4.0
print(1 / 2)
