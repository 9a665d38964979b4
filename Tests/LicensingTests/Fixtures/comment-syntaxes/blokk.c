/*
 * SPDX-FileCopyrightText: 2024 Kari Nordmann
 * SPDX-License-Identifier: CC0-1.0
 */
int main(void) { return 0; }
