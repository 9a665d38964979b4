// SPDX-FileCopyrightText: 2024 Kari Nordmann
// SPDX-License-Identifier: MIT
console.log('brøk');
