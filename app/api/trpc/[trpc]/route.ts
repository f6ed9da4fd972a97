import { handleTrpcRequest } from '@/server/trpc/http';

// Cross-site checks, the session and the role are all decided in server/trpc/ (http.ts, init.ts).
export { handleTrpcRequest as GET, handleTrpcRequest as POST };
