// The message of an action that failed, announced to screen readers as it appears.
export function FormAlert({ message }: { message: string }) {
  return (
    <p role="alert" className="text-red-700 dark:text-red-300">
      {message}
    </p>
  );
}
