# SPDX-License-Identifier: CC-BY-4
print('b')
