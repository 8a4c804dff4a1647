/* Integration tests: the account on its server */
#pragma once

void add_account_tests (void);
