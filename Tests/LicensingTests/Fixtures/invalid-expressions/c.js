// SPDX-License-Identifier: (CC-BY-4.0 AND MIT
