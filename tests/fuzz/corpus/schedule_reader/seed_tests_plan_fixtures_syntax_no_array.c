/* A file that is not a domain schedule. */
int main(void) { return 0; }
